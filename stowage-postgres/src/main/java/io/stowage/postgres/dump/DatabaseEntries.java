package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.archive.Section;
import io.stowage.postgres.catalog.CatalogSession;
import io.stowage.postgres.dump.acl.AclCommands;
import io.stowage.postgres.sql.DumpQuoting;

import java.util.ArrayList;
import java.util.List;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * The entries {@code -C} adds for the database itself (pg_dump.c's dumpDatabase): CREATE DATABASE
 * with its encoding and locale as the server version allows, its comment, its per-database
 * settings and connection properties, and its ACL.
 */
final class DatabaseEntries {
    private DatabaseEntries() {
    }

    static List<ArchiveEntry> read(CatalogSession session, boolean withComment, boolean withAcl) {
        boolean v15 = session.atLeast(15);
        boolean v17 = session.atLeast(17);
        String locale = v17 ? "d.datlocale" : v15 ? "d.daticulocale" : "NULL";
        String provider = v15 ? "d.datlocprovider" : "'c'";
        String icuRules = session.atLeast(16) ? "d.daticurules" : "NULL";
        List<ArchiveEntry> out = new ArrayList<>();
        session.query("the database's properties",
                "SELECT d.datname, pg_catalog.pg_get_userbyid(d.datdba), pg_catalog.pg_encoding_to_char(d.encoding), "
                        + "d.datcollate, d.datctype, " + provider + "::text, " + locale + ", " + icuRules + ", "
                        + "(SELECT t.spcname FROM pg_catalog.pg_tablespace t WHERE t.oid = d.dattablespace), "
                        + "d.datconnlimit, d.datistemplate, d.datallowconn, d.datacl::text, "
                        + "pg_catalog.acldefault('d', d.datdba)::text, pg_catalog.shobj_description(d.oid, 'pg_database'), "
                        + "ARRAY(SELECT pg_catalog.unnest(s.setconfig) FROM pg_catalog.pg_db_role_setting s "
                        + "      WHERE s.setdatabase = d.oid AND s.setrole = 0)::text[], d.oid "
                        + "FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()",
                rs -> {
                    String name = rs.getString(1);
                    String q = ident(name);
                    String owner = rs.getString(2);
                    StringBuilder c = new StringBuilder("CREATE DATABASE ").append(q).append(" WITH TEMPLATE = template0");
                    c.append(" ENCODING = ").append(DumpQuoting.stringLiteral(rs.getString(3)));
                    String collate = rs.getString(4);
                    String ctype = rs.getString(5);
                    if (v15) {
                        c.append(" LOCALE_PROVIDER = ").append(switch (rs.getString(6)) {
                            case "b" -> "builtin";
                            case "i" -> "icu";
                            default -> "libc";
                        });
                    }
                    if (!collate.isEmpty() && collate.equals(ctype) && session.atLeast(13)) {
                        c.append(" LOCALE = ").append(DumpQuoting.stringLiteral(collate));
                    } else {
                        if (!collate.isEmpty()) {
                            c.append(" LC_COLLATE = ").append(DumpQuoting.stringLiteral(collate));
                        }
                        if (!ctype.isEmpty()) {
                            c.append(" LC_CTYPE = ").append(DumpQuoting.stringLiteral(ctype));
                        }
                    }
                    String loc = rs.getString(7);
                    if (loc != null) {
                        c.append("b".equals(rs.getString(6)) ? " BUILTIN_LOCALE = " : " ICU_LOCALE = ")
                                .append(DumpQuoting.stringLiteral(loc));
                    }
                    if (rs.getString(8) != null) {
                        c.append(" ICU_RULES = ").append(DumpQuoting.stringLiteral(rs.getString(8)));
                    }
                    String tablespace = rs.getString(9);
                    if (tablespace != null && !"pg_default".equals(tablespace)) {
                        c.append(" TABLESPACE = ").append(ident(tablespace));
                    }
                    c.append(";\n");
                    long oid = rs.getLong(17);
                    out.add(new ArchiveEntry(out.size() + 1, name, "DATABASE", Section.PRE_DATA, null, owner, c.toString(),
                            "DROP DATABASE " + q + ";\n", "", List.of(), 0, oid));
                    if (withComment && rs.getString(15) != null) {
                        out.add(new ArchiveEntry(out.size() + 1, "DATABASE " + q, "COMMENT", Section.NONE, null, owner,
                                "COMMENT ON DATABASE " + q + " IS " + DumpQuoting.stringLiteral(rs.getString(15)) + ";\n",
                                "", "", List.of(1), 0, 0));
                    }
                    StringBuilder props = new StringBuilder();
                    if (rs.getInt(10) != -1) {
                        props.append("ALTER DATABASE ").append(q).append(" CONNECTION LIMIT = ").append(rs.getInt(10)).append(";\n");
                    }
                    if (rs.getBoolean(11)) {
                        props.append("ALTER DATABASE ").append(q).append(" IS_TEMPLATE = true;\n");
                    }
                    if (!rs.getBoolean(12)) {
                        props.append("ALTER DATABASE ").append(q).append(" ALLOW_CONNECTIONS = false;\n");
                    }
                    java.sql.Array settings = rs.getArray(16);
                    for (String item : settings == null ? new String[0] : (String[]) settings.getArray()) {
                        int eq = item.indexOf('=');
                        if (eq < 0) {
                            continue;
                        }
                        String var = item.substring(0, eq);
                        props.append("ALTER DATABASE ").append(q).append(" SET ").append(ident(var)).append(" TO ")
                                .append(DumpQuoting.stringLiteral(item.substring(eq + 1))).append(";\n");
                    }
                    if (props.length() > 0) {
                        out.add(new ArchiveEntry(out.size() + 1, name, "DATABASE PROPERTIES", Section.PRE_DATA, null, owner,
                                props.toString(), "", "", List.of(1), 0, 0));
                    }
                    if (withAcl && rs.getString(13) != null) {
                        String acl = AclCommands.build("DATABASE", q, null, owner, rs.getString(13), rs.getString(14));
                        if (!acl.isEmpty()) {
                            out.add(new ArchiveEntry(out.size() + 1, "DATABASE " + q, "ACL", Section.NONE, null, owner,
                                    acl, "", "", List.of(1), 0, 0));
                        }
                    }
                    return null;
                });
        return out;
    }
}
