package io.stowage.postgres.catalog;

import io.stowage.postgres.sql.DumpQuoting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.stowage.postgres.sql.SqlText.ident;
import static io.stowage.postgres.sql.SqlText.qualified;

/**
 * Extensions as pg_dump dumps them (pg_dump.c: getExtensions, dumpExtension,
 * processExtensionTables, getExtensionMembership): {@code CREATE EXTENSION IF NOT EXISTS name
 * WITH SCHEMA s} without a version, so the target installs its default one; the member objects
 * are left to the extension, except for
 * <ul>
 *   <li>the data of configuration tables registered with {@code pg_extension_config_dump}, dumped
 *       as TABLE DATA filtered by the registered condition (the rows the extension script inserts
 *       itself are re-created by CREATE EXTENSION), and the values of registered sequences;</li>
 *   <li>privileges granted or revoked on members after the extension was installed, dumped
 *       relative to pg_init_privs, as pg_dump does (owners and comments of members are not
 *       dumped, by pg_dump either).</li>
 * </ul>
 */
final class ExtensionReader {
    private ExtensionReader() {
    }

    static void read(CatalogReader reader) {
        Map<Long, DumpObject> extensions = new HashMap<>();
        reader.session().query("extensions",
                "SELECT e.oid, e.extname, n.nspname, pg_catalog.obj_description(e.oid, 'pg_extension') "
                        + "FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace "
                        + "WHERE e.oid >= 16384 ORDER BY e.oid",
                rs -> {
                    String name = rs.getString(2);
                    DumpObject o = new DumpObject(ObjectKind.EXTENSION, CatalogId.of("pg_extension", rs.getLong(1)), null, name, null)
                            .desc("EXTENSION")
                            .definition("CREATE EXTENSION IF NOT EXISTS " + ident(name) + " WITH SCHEMA " + ident(rs.getString(3)) + ";\n")
                            .drop("DROP EXTENSION " + ident(name) + ";\n");
                    Acls.comment(o, "EXTENSION " + ident(name), "EXTENSION " + ident(name), rs.getString(4));
                    reader.catalog().add(o);
                    extensions.put(rs.getLong(1), o);
                    return null;
                });
        if (extensions.isEmpty()) {
            return;
        }
        readConfiguration(reader, extensions);
        readMemberAcls(reader, extensions);
    }

    /** Configuration tables' filtered data and configuration sequences' values. */
    private static void readConfiguration(CatalogReader reader, Map<Long, DumpObject> extensions) {
        List<Object[]> sequences = new ArrayList<>();
        Map<Long, DumpObject> dataByTable = new HashMap<>();
        reader.session().query("extension configuration tables",
                "SELECT x.ext, c.oid, n.nspname, c.relname, c.relkind, x.cond, pg_catalog.pg_get_userbyid(c.relowner), "
                        + "(SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum) "
                        + "  FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                        + "  AND a.attgenerated = '') "
                        + "FROM (SELECT e.oid AS ext, e.extconfig[i] AS cfg, e.extcondition[i] AS cond FROM pg_catalog.pg_extension e, "
                        + "  pg_catalog.generate_subscripts(e.extconfig, 1) AS i) x "
                        + "JOIN pg_catalog.pg_class c ON c.oid = x.cfg JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "ORDER BY x.ext, c.oid",
                rs -> {
                    DumpObject extension = extensions.get(rs.getLong(1));
                    if (extension == null) {
                        return null;
                    }
                    String ns = rs.getString(3);
                    String name = rs.getString(4);
                    String owner = rs.getString(7);
                    if ("S".equals(rs.getString(5))) {
                        sequences.add(new Object[] {extension, ns, name, owner});
                        return null;
                    }
                    if (!"r".equals(rs.getString(5))) {
                        return null;
                    }
                    String columns = rs.getString(8);
                    String cond = rs.getString(6);
                    DumpObject data = new DumpObject(ObjectKind.TABLE_DATA, null, ns, name, null)
                            .desc("TABLE DATA").owner(owner).parent(extension)
                            .tableData(new DumpObject.TableData(qualified(ns, name),
                                    columns == null ? "" : "(" + columns + ")", rs.getLong(2),
                                    cond == null || cond.isBlank() ? null : cond));
                    data.dependOn(extension);
                    reader.catalog().add(data);
                    dataByTable.put(rs.getLong(2), data);
                    return null;
                });
        // configuration tables that refer to each other load in foreign key order (processExtensionTables)
        if (dataByTable.size() > 1) {
            reader.session().query("extension configuration foreign keys",
                    "SELECT c.conrelid, c.confrelid FROM pg_catalog.pg_constraint c WHERE c.contype = 'f'",
                    rs -> {
                        DumpObject from = dataByTable.get(rs.getLong(1));
                        DumpObject to = dataByTable.get(rs.getLong(2));
                        if (from != null && to != null && from != to) {
                            from.dependOn(to);
                        }
                        return null;
                    });
        }
        for (Object[] s : sequences) {
            DumpObject extension = (DumpObject) s[0];
            String qname = qualified((String) s[1], (String) s[2]);
            DumpObject set = new DumpObject(ObjectKind.SEQUENCE_SET, null, (String) s[1], (String) s[2], null)
                    .desc("SEQUENCE SET").owner((String) s[3]).parent(extension);
            set.dependOn(extension);
            reader.session().query("the value of sequence " + qname, "SELECT last_value, is_called FROM " + qname, rs -> {
                set.definition("SELECT pg_catalog.setval(" + DumpQuoting.stringLiteral(qname) + ", " + rs.getLong(1)
                        + ", " + rs.getBoolean(2) + ");\n");
                return null;
            });
            reader.catalog().add(set);
        }
    }

    /**
     * Privileges on members changed since CREATE EXTENSION: an object without a definition that
     * only carries the ACL, written after its extension.
     */
    private static void readMemberAcls(CatalogReader reader, Map<Long, DumpObject> extensions) {
        String member = "JOIN pg_catalog.pg_depend d ON d.objid = o.oid AND d.deptype = 'e' "
                + "AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.classid = ";
        String init = "(SELECT ip.initprivs::text FROM pg_catalog.pg_init_privs ip WHERE ip.objoid = o.oid "
                + "AND ip.classoid = d.classid AND ip.objsubid = 0)";
        String[][] kinds = {
            {"pg_class", "CASE WHEN o.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END", "n.nspname", "o.relname",
                "o.relowner", "o.relacl", "CASE WHEN o.relkind = 'S' THEN 's' ELSE 'r' END", "o.relnamespace"},
            {"pg_proc", "'FUNCTION'", "n.nspname", "o.proname || '(' || pg_catalog.pg_get_function_identity_arguments(o.oid) || ')'",
                "o.proowner", "o.proacl", "'f'", "o.pronamespace"},
            {"pg_type", "'TYPE'", "n.nspname", "o.typname", "o.typowner", "o.typacl", "'T'", "o.typnamespace"},
        };
        for (String[] k : kinds) {
            reader.session().query("privileges of extension members in " + k[0],
                    "SELECT d.refobjid, " + k[1] + ", " + k[2] + ", " + k[3] + ", pg_catalog.pg_get_userbyid(" + k[4] + "), "
                            + k[5] + "::text, pg_catalog.acldefault(" + k[6] + "::\"char\", " + k[4] + ")::text, " + init + " "
                            + "FROM pg_catalog." + k[0] + " o " + member + "'pg_catalog." + k[0] + "'::pg_catalog.regclass "
                            + "JOIN pg_catalog.pg_namespace n ON n.oid = " + k[7] + " "
                            + "WHERE " + k[5] + " IS DISTINCT FROM (SELECT ip.initprivs FROM pg_catalog.pg_init_privs ip "
                            + "  WHERE ip.objoid = o.oid AND ip.classoid = d.classid AND ip.objsubid = 0) "
                            + "AND " + k[5] + " IS NOT NULL ORDER BY o.oid",
                    rs -> {
                        DumpObject extension = extensions.get(rs.getLong(1));
                        if (extension == null) {
                            return null;
                        }
                        String keyword = rs.getString(2);
                        String ns = rs.getString(3);
                        String name = rs.getString(4);
                        // a function's name is written quoted with its (already formatted) arguments
                        boolean function = "FUNCTION".equals(keyword);
                        String bare = function ? name.substring(0, name.indexOf('(')) : name;
                        String shown = function ? ident(bare) + name.substring(name.indexOf('(')) : ident(name);
                        String qname = ident(ns) + "." + shown;
                        DumpObject holder = new DumpObject(ObjectKind.EXTENSION_MEMBER_ACL, null, ns, bare, name)
                                .desc("ACL").owner(rs.getString(5)).parent(extension);
                        holder.dependOn(extension);
                        Acls.acl(holder, keyword, keyword + " " + shown, qname, null, rs.getString(5), rs.getString(6),
                                rs.getString(7), rs.getString(8));
                        if (!holder.satellites().isEmpty()) {
                            reader.catalog().add(holder);
                        }
                        return null;
                    });
        }
    }
}
