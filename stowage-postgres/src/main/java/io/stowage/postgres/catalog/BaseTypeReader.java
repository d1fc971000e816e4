package io.stowage.postgres.catalog;

import io.stowage.postgres.sql.DumpQuoting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.stowage.postgres.sql.SqlText.ident;
import static io.stowage.postgres.sql.SqlText.qualified;

/**
 * User-defined base types and the shell types their I/O functions need (pg_dump.c: dumpBaseType,
 * dumpShellType; pg_dump_sort.c: repairTypeFuncLoop). A base type and its input function depend on
 * each other; pg_dump breaks that loop by creating the type as a shell ({@code CREATE TYPE t;}),
 * then the functions, then the full {@code CREATE TYPE t (...)}. A range type with a canonical
 * function has the same loop and is repaired the same way. The type's array type is never dumped
 * on its own: CREATE TYPE makes it.
 */
final class BaseTypeReader {
    private BaseTypeReader() {
    }

    /** pg_dump's isarray: an array type made automatically for its element type. */
    static final String AUTO_ARRAY = "(t.typname ~ '^_' AND t.typelem <> 0 AND "
            + "(SELECT te.typarray FROM pg_catalog.pg_type te WHERE te.oid = t.typelem) = t.oid)";

    static void read(CatalogReader reader, Map<DumpObject, Void> shellable) {
        CatalogSession session = reader.session();
        String subscript = session.atLeast(14)
                ? "CASE WHEN t.typsubscript <> 0 THEN t.typsubscript::pg_catalog.regproc::text END" : "NULL";
        session.query("base types",
                "SELECT t.oid, t.typname, n.nspname, pg_catalog.pg_get_userbyid(t.typowner), "
                        + "t.typacl::text, pg_catalog.acldefault('T', t.typowner)::text, "
                        + CatalogReader.initPrivs("pg_type", "t.oid") + ", pg_catalog.obj_description(t.oid, 'pg_type'), "
                        + "t.typlen, t.typinput::pg_catalog.regproc::text, t.typoutput::pg_catalog.regproc::text, "
                        + regproc("t.typreceive") + ", " + regproc("t.typsend") + ", " + regproc("t.typmodin") + ", "
                        + regproc("t.typmodout") + ", " + regproc("t.typanalyze") + ", "
                        + "t.typdelim, t.typbyval, t.typalign, t.typstorage, t.typcategory, t.typispreferred, "
                        + "t.typcollation <> 0, pg_catalog.pg_get_expr(t.typdefaultbin, 0), t.typdefault, " + subscript + ", "
                        + "CASE WHEN t.typelem <> 0 THEN pg_catalog.format_type(t.typelem, NULL) END "
                        + "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
                        + "WHERE " + CatalogReader.USER_NS + " AND t.typtype = 'b' AND t.typisdefined AND NOT " + AUTO_ARRAY
                        + " ORDER BY t.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_type", oid)) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String ns = rs.getString(3);
                    String owner = rs.getString(4);
                    String qname = qualified(ns, name);
                    int len = rs.getInt(9);
                    StringBuilder q = new StringBuilder("CREATE TYPE ").append(qname).append(" (\n    INTERNALLENGTH = ")
                            .append(len == -1 ? "variable" : String.valueOf(len));
                    // regproc output is already quoted and, with an empty search_path, qualified
                    q.append(",\n    INPUT = ").append(rs.getString(10));
                    q.append(",\n    OUTPUT = ").append(rs.getString(11));
                    option(q, "RECEIVE", rs.getString(12));
                    option(q, "SEND", rs.getString(13));
                    option(q, "TYPMOD_IN", rs.getString(14));
                    option(q, "TYPMOD_OUT", rs.getString(15));
                    option(q, "ANALYZE", rs.getString(16));
                    if (rs.getBoolean(23)) {
                        q.append(",\n    COLLATABLE = true");
                    }
                    if (rs.getString(24) != null) {
                        q.append(",\n    DEFAULT = ").append(rs.getString(24));
                    } else if (rs.getString(25) != null) {
                        q.append(",\n    DEFAULT = ").append(DumpQuoting.stringLiteral(rs.getString(25)));
                    }
                    option(q, "SUBSCRIPT", rs.getString(26));
                    option(q, "ELEMENT", rs.getString(27));
                    String category = rs.getString(21);
                    if (!"U".equals(category)) {
                        q.append(",\n    CATEGORY = ").append(DumpQuoting.stringLiteral(category));
                    }
                    if (rs.getBoolean(22)) {
                        q.append(",\n    PREFERRED = true");
                    }
                    String delimiter = rs.getString(17);
                    if (delimiter != null && !delimiter.equals(",")) {
                        q.append(",\n    DELIMITER = ").append(DumpQuoting.stringLiteral(delimiter));
                    }
                    q.append(switch (rs.getString(19)) {
                        case "c" -> ",\n    ALIGNMENT = char";
                        case "s" -> ",\n    ALIGNMENT = int2";
                        case "i" -> ",\n    ALIGNMENT = int4";
                        case "d" -> ",\n    ALIGNMENT = double";
                        default -> "";
                    });
                    q.append(switch (rs.getString(20)) {
                        case "p" -> ",\n    STORAGE = plain";
                        case "e" -> ",\n    STORAGE = external";
                        case "x" -> ",\n    STORAGE = extended";
                        case "m" -> ",\n    STORAGE = main";
                        default -> "";
                    });
                    if (rs.getBoolean(18)) {
                        q.append(",\n    PASSEDBYVALUE");
                    }
                    q.append("\n);\n");
                    DumpObject o = new DumpObject(ObjectKind.TYPE, CatalogId.of("pg_type", oid), ns, name, null)
                            .owner(owner).desc("TYPE").definition(q.toString())
                            // CASCADE takes the I/O functions with it
                            .drop("DROP TYPE " + qname + " CASCADE;\n");
                    Acls.comment(o, "TYPE " + ident(name), "TYPE " + qname, rs.getString(8));
                    Acls.acl(o, "TYPE", "TYPE " + ident(name), qname, null, owner, rs.getString(5), rs.getString(6),
                            rs.getString(7));
                    reader.catalog().add(o);
                    shellable.put(o, null);
                    return null;
                });
    }

    private static String regproc(String column) {
        return "CASE WHEN " + column + " <> 0 THEN " + column + "::pg_catalog.regproc::text END";
    }

    private static void option(StringBuilder q, String name, String value) {
        if (value != null) {
            q.append(",\n    ").append(name).append(" = ").append(value);
        }
    }

    /**
     * pg_dump_sort.c's repairTypeFuncLoop: a function that a base or range type depends on (its
     * input, receive or canonical function) and that depends on the type in turn waits for the
     * type's shell instead; the shell is dumped only when some function needs it.
     */
    static void repairTypeFunctionLoops(Catalog catalog, Map<DumpObject, Void> shellable) {
        for (DumpObject type : shellable.keySet()) {
            DumpObject shell = null;
            List<DumpObject> functions = new ArrayList<>();
            for (DumpObject d : type.dependencies()) {
                if (d.kind() == ObjectKind.FUNC && d.dependencies().contains(type)) {
                    functions.add(d);
                }
            }
            for (DumpObject f : functions) {
                if (shell == null) {
                    shell = new DumpObject(ObjectKind.TYPE, null, type.namespace(), type.name(), null)
                            .desc("SHELL TYPE").owner(type.owner())
                            .definition("CREATE TYPE " + qualified(type.namespace(), type.name()) + ";\n").drop("");
                    for (DumpObject d : type.dependencies()) {
                        if (d.kind() == ObjectKind.NAMESPACE || d.kind() == ObjectKind.EXTENSION) {
                            shell.dependOn(d);
                        }
                    }
                    catalog.add(shell);
                }
                f.dependencies().remove(type);
                f.dependOn(shell);
            }
        }
    }

    /** An ordered set of types that may need shells, kept by identity. */
    static Map<DumpObject, Void> newShellable() {
        return new LinkedHashMap<>();
    }
}
