package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.archive.Section;
import io.stowage.core.options.DumpOptions;
import io.stowage.postgres.catalog.CatalogSession;
import io.stowage.postgres.catalog.GucLists;
import io.stowage.postgres.catalog.SecurityLabels;
import io.stowage.postgres.dump.acl.AclCommands;
import io.stowage.postgres.sql.DumpQuoting;

import java.util.ArrayList;
import java.util.List;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * The entries {@code -C} adds for the database itself (pg_dump.c's dumpDatabase and
 * dumpDatabaseConfig): CREATE DATABASE with its encoding, locale provider and locales as the
 * server version has them, then its comment, security labels and ACL, and a DATABASE PROPERTIES
 * entry with the connection limit, the template flag and the per-database and
 * per-role-in-database settings.
 *
 * <p>Without {@code -C} pg_dump (11 and later) still writes these entries to an archive, but its
 * plain output, like pg_restore without {@code -C}, leaves every one of them out: the database is
 * not the script's to create or change. The plain writer here never gets them in that case.
 */
final class DatabaseEntries {
    private DatabaseEntries() {
    }

    /** The values CREATE DATABASE and the entries after it are built from, one pg_database row. */
    record Database(String name, String owner, String encoding, String collate, String ctype, String provider,
                    String locale, String icuRules, String tablespace, int connLimit, boolean isTemplate,
                    String acl, String aclDefault, String comment, long oid) {
    }

    static List<ArchiveEntry> read(CatalogSession session, DumpOptions options) {
        boolean v15 = session.atLeast(15);
        String locale = session.atLeast(17) ? "d.datlocale" : v15 ? "d.daticulocale" : "NULL";
        String provider = v15 ? "d.datlocprovider::text" : "NULL";
        String icuRules = session.atLeast(16) ? "d.daticurules" : "NULL";
        List<Database> found = new ArrayList<>();
        session.query("the database's properties",
                "SELECT d.datname, pg_catalog.pg_get_userbyid(d.datdba), pg_catalog.pg_encoding_to_char(d.encoding), "
                        + "d.datcollate, d.datctype, " + provider + ", " + locale + ", " + icuRules + ", "
                        + "(SELECT t.spcname FROM pg_catalog.pg_tablespace t WHERE t.oid = d.dattablespace), "
                        + "d.datconnlimit, d.datistemplate, d.datacl::text, pg_catalog.acldefault('d', d.datdba)::text, "
                        + "pg_catalog.shobj_description(d.oid, 'pg_database'), d.oid "
                        + "FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()",
                rs -> found.add(new Database(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10),
                        rs.getBoolean(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getLong(15))));
        Database db = found.get(0);
        List<String[]> settings = new ArrayList<>();
        // pg_dump's dumpDatabaseConfig: the database's own settings first, then each role's in it
        session.query("the database's settings",
                "SELECT NULL::text, pg_catalog.unnest(s.setconfig) FROM pg_catalog.pg_db_role_setting s "
                        + "WHERE s.setrole = 0 AND s.setdatabase = " + db.oid(),
                rs -> settings.add(new String[] {rs.getString(1), rs.getString(2)}));
        session.query("the roles' settings in the database",
                "SELECT r.rolname, pg_catalog.unnest(s.setconfig) FROM pg_catalog.pg_db_role_setting s "
                        + "JOIN pg_catalog.pg_roles r ON r.oid = s.setrole WHERE s.setdatabase = " + db.oid()
                        + " ORDER BY r.rolname",
                rs -> settings.add(new String[] {rs.getString(1), rs.getString(2)}));
        List<String[]> labels = new ArrayList<>();
        if (!options.noSecurityLabels()) {
            session.query("the database's security labels",
                    "SELECT l.provider, l.label FROM pg_catalog.pg_shseclabel l "
                            + "WHERE l.classoid = 'pg_catalog.pg_database'::pg_catalog.regclass AND l.objoid = " + db.oid()
                            + " ORDER BY l.provider",
                    rs -> labels.add(new String[] {rs.getString(1), rs.getString(2)}));
        }
        return entries(db, settings, labels, session.atLeast(13), options);
    }

    /**
     * The entries for {@code db}; {@code settings} are {role or null, "name=value"} pairs and
     * {@code labels} {provider, label} pairs.
     */
    static List<ArchiveEntry> entries(Database db, List<String[]> settings, List<String[]> labels, boolean localeOption,
                                      DumpOptions options) {
        String q = ident(db.name());
        String owner = db.owner();
        List<ArchiveEntry> out = new ArrayList<>();
        out.add(new ArchiveEntry(1, db.name(), "DATABASE", Section.PRE_DATA, null, owner,
                createDatabase(db, localeOption, options.noTablespaces()), "DROP DATABASE " + q + ";\n", "", List.of(), 0, db.oid()));
        if (!options.noComments() && db.comment() != null && !db.comment().isEmpty()) {
            out.add(new ArchiveEntry(out.size() + 1, "DATABASE " + q, "COMMENT", Section.NONE, null, owner,
                    "COMMENT ON DATABASE " + q + " IS " + DumpQuoting.stringLiteral(db.comment()) + ";\n",
                    "", "", List.of(1), 0, 0));
        }
        if (!labels.isEmpty()) {
            StringBuilder sql = new StringBuilder();
            for (String[] l : labels) {
                sql.append(SecurityLabels.statement(l[0], "DATABASE " + q, l[1]));
            }
            out.add(new ArchiveEntry(out.size() + 1, "DATABASE " + q, "SECURITY LABEL", Section.NONE, null, owner,
                    sql.toString(), "", "", List.of(1), 0, 0));
        }
        if (!options.noPrivileges() && db.acl() != null) {
            String acl = AclCommands.build("DATABASE", q, null, owner, db.acl(), db.aclDefault());
            if (acl != null && !acl.isEmpty()) {
                out.add(new ArchiveEntry(out.size() + 1, "DATABASE " + q, "ACL", Section.NONE, null, owner,
                        acl, "", "", List.of(1), 0, 0));
            }
        }
        StringBuilder props = new StringBuilder();
        StringBuilder undo = new StringBuilder();
        if (db.connLimit() != -1) {
            props.append("ALTER DATABASE ").append(q).append(" CONNECTION LIMIT = ").append(db.connLimit()).append(";\n");
        }
        if (db.isTemplate()) {
            props.append("ALTER DATABASE ").append(q).append(" IS_TEMPLATE = true;\n");
            // the server refuses to drop a template, and ALTER DATABASE has no IF EXISTS: pg_dump's workaround
            undo.append("UPDATE pg_catalog.pg_database SET datistemplate = false WHERE datname = ")
                    .append(DumpQuoting.stringLiteral(db.name())).append(";\n");
        }
        for (String[] s : settings) {
            props.append(alterConfig(s[0], q, s[1]));
        }
        if (props.length() > 0) {
            out.add(new ArchiveEntry(out.size() + 1, db.name(), "DATABASE PROPERTIES", Section.PRE_DATA, null, owner,
                    props.toString(), undo.toString(), "", List.of(1), 0, 0));
        }
        return out;
    }

    /** pg_dump's CREATE DATABASE: template0, encoding, locale provider and locales, tablespace. */
    static String createDatabase(Database db, boolean localeOption, boolean noTablespaces) {
        StringBuilder c = new StringBuilder("CREATE DATABASE ").append(ident(db.name())).append(" WITH TEMPLATE = template0");
        if (db.encoding() != null && !db.encoding().isEmpty()) {
            c.append(" ENCODING = ").append(DumpQuoting.stringLiteral(db.encoding()));
        }
        String provider = db.provider();
        if (provider != null) {
            // servers before 15 have no providers (null here), and no LOCALE_PROVIDER to accept
            c.append(" LOCALE_PROVIDER = ").append(switch (provider) {
                case "b" -> "builtin";
                case "i" -> "icu";
                default -> "libc";
            });
        }
        String collate = db.collate();
        String ctype = db.ctype();
        if (collate != null && !collate.isEmpty() && collate.equals(ctype) && localeOption) {
            c.append(" LOCALE = ").append(DumpQuoting.stringLiteral(collate));
        } else {
            if (collate != null && !collate.isEmpty()) {
                c.append(" LC_COLLATE = ").append(DumpQuoting.stringLiteral(collate));
            }
            if (ctype != null && !ctype.isEmpty()) {
                c.append(" LC_CTYPE = ").append(DumpQuoting.stringLiteral(ctype));
            }
        }
        if (db.locale() != null) {
            c.append("b".equals(provider) ? " BUILTIN_LOCALE = " : " ICU_LOCALE = ").append(DumpQuoting.stringLiteral(db.locale()));
        }
        if (db.icuRules() != null) {
            c.append(" ICU_RULES = ").append(DumpQuoting.stringLiteral(db.icuRules()));
        }
        if (!noTablespaces && db.tablespace() != null && !db.tablespace().isEmpty() && !"pg_default".equals(db.tablespace())) {
            c.append(" TABLESPACE = ").append(ident(db.tablespace()));
        }
        return c.append(";\n").toString();
    }

    /**
     * dumputils.c's makeAlterConfigCommand: {@code ALTER DATABASE d SET name TO 'value';}, or
     * {@code ALTER ROLE r IN DATABASE d ...} for a role's setting; list-quoted settings such as
     * search_path are split into one literal per element.
     */
    static String alterConfig(String role, String quotedDatabase, String item) {
        int eq = item.indexOf('=');
        if (eq < 0) {
            return "";
        }
        String name = item.substring(0, eq);
        String value = item.substring(eq + 1);
        StringBuilder sb = new StringBuilder("ALTER ");
        sb.append(role == null ? "DATABASE " + quotedDatabase : "ROLE " + ident(role) + " IN DATABASE " + quotedDatabase);
        sb.append(" SET ").append(ident(name)).append(" TO ");
        sb.append(GucLists.isListQuoted(name) ? GucLists.quoteList(value) : DumpQuoting.stringLiteral(value));
        return sb.append(";\n").toString();
    }
}
