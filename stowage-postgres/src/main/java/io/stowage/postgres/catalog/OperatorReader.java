package io.stowage.postgres.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.stowage.postgres.sql.SqlText.ident;
import static io.stowage.postgres.sql.SqlText.qualified;

/**
 * Operators, operator families and operator classes (pg_dump.c: dumpOpr, dumpOpfamily,
 * dumpOpclass). A class lists the members tied to it in pg_depend; a family lists only its loose
 * members (those added by ALTER OPERATOR FAMILY ... ADD). As pg_dump does, the dependencies of
 * pg_amop and pg_amproc rows become dependencies of their family.
 */
final class OperatorReader {
    private OperatorReader() {
    }

    private static final String OPERATOR_NAME = "(SELECT 'OPERATOR(' || pg_catalog.quote_ident(xn.nspname) || '.' || x.oprname || ')' "
            + "FROM pg_catalog.pg_operator x JOIN pg_catalog.pg_namespace xn ON xn.oid = x.oprnamespace WHERE x.oid = %s)";

    /** One OPERATOR or FUNCTION line of a class or family, and which class or family it is tied to. */
    private record Member(String ownerCatalog, long ownerOid, long family, String text) {
    }

    static void read(CatalogReader reader) {
        readOperators(reader);
        Map<String, List<Member>> members = readMembers(reader);
        readFamilies(reader, members);
        readClasses(reader, members);
        readMemberDependencies(reader);
    }

    private static void readOperators(CatalogReader reader) {
        reader.session().query("operators",
                "SELECT o.oid, o.oprname, n.nspname, pg_catalog.pg_get_userbyid(o.oprowner), o.oprkind, "
                        + "o.oprcode::pg_catalog.regprocedure::text, o.oprleft::pg_catalog.regtype::text, "
                        + "o.oprright::pg_catalog.regtype::text, "
                        + "CASE WHEN o.oprcom <> 0 THEN " + String.format(OPERATOR_NAME, "o.oprcom") + " END, "
                        + "CASE WHEN o.oprnegate <> 0 THEN " + String.format(OPERATOR_NAME, "o.oprnegate") + " END, "
                        + "o.oprcanmerge, o.oprcanhash, o.oprrest::pg_catalog.regprocedure::text, "
                        + "o.oprjoin::pg_catalog.regprocedure::text, pg_catalog.obj_description(o.oid, 'pg_operator') "
                        + "FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace "
                        // shell operators (no function yet) are not dumped: a COMMUTATOR or NEGATOR recreates them
                        + "WHERE " + CatalogReader.USER_NS + " AND o.oprcode <> 0 ORDER BY o.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_operator", oid)) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String ns = rs.getString(3);
                    String kind = rs.getString(5);
                    StringBuilder d = new StringBuilder();
                    String function = CatalogSql.procName(rs.getString(6));
                    if (function != null) {
                        d.append("    FUNCTION = ").append(function);
                    }
                    StringBuilder oprid = new StringBuilder(name).append(" (");
                    if ("r".equals(kind) || "b".equals(kind)) {
                        d.append(",\n    LEFTARG = ").append(rs.getString(7));
                        oprid.append(rs.getString(7));
                    } else {
                        oprid.append("NONE");
                    }
                    if ("l".equals(kind) || "b".equals(kind)) {
                        d.append(",\n    RIGHTARG = ").append(rs.getString(8));
                        oprid.append(", ").append(rs.getString(8)).append(')');
                    } else {
                        oprid.append(", NONE)");
                    }
                    if (rs.getString(9) != null) {
                        d.append(",\n    COMMUTATOR = ").append(rs.getString(9));
                    }
                    if (rs.getString(10) != null) {
                        d.append(",\n    NEGATOR = ").append(rs.getString(10));
                    }
                    if (rs.getBoolean(11)) {
                        d.append(",\n    MERGES");
                    }
                    if (rs.getBoolean(12)) {
                        d.append(",\n    HASHES");
                    }
                    String restrict = CatalogSql.procName(rs.getString(13));
                    if (restrict != null) {
                        d.append(",\n    RESTRICT = ").append(restrict);
                    }
                    String join = CatalogSql.procName(rs.getString(14));
                    if (join != null) {
                        d.append(",\n    JOIN = ").append(join);
                    }
                    String qid = ident(ns) + "." + oprid;
                    DumpObject o = new DumpObject(ObjectKind.OPERATOR, CatalogId.of("pg_operator", oid), ns, name,
                            kind + " " + rs.getString(7) + " " + rs.getString(8))
                            .desc("OPERATOR").owner(rs.getString(4))
                            .definition("CREATE OPERATOR " + ident(ns) + "." + name + " (\n" + d + "\n);\n")
                            .drop("DROP OPERATOR " + qid + ";\n");
                    Acls.comment(o, "OPERATOR " + oprid, "OPERATOR " + qid, rs.getString(15));
                    reader.catalog().add(o);
                    return null;
                });
    }

    /** OPERATOR and FUNCTION lines of every class and family, by "catalog oid" of what they are tied to. */
    private static Map<String, List<Member>> readMembers(CatalogReader reader) {
        Map<String, List<Member>> members = new HashMap<>();
        reader.session().query("operator class and family operators",
                "SELECT d.refclassid::pg_catalog.regclass::text, d.refobjid, ao.amopfamily, ao.amopstrategy, "
                        + "ao.amopopr::pg_catalog.regoperator::text, f.opfname, sn.nspname "
                        + "FROM pg_catalog.pg_amop ao JOIN pg_catalog.pg_depend d "
                        + "  ON d.classid = 'pg_catalog.pg_amop'::pg_catalog.regclass AND d.objid = ao.oid "
                        + "LEFT JOIN pg_catalog.pg_opfamily f ON f.oid = ao.amopsortfamily "
                        + "LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = f.opfnamespace "
                        + "WHERE d.refclassid IN ('pg_catalog.pg_opclass'::pg_catalog.regclass, 'pg_catalog.pg_opfamily'::pg_catalog.regclass) "
                        + "AND d.deptype <> 'p' "
                        + "ORDER BY d.refobjid, ao.amopstrategy, ao.amoplefttype, ao.amoprighttype",
                rs -> {
                    StringBuilder t = new StringBuilder("OPERATOR ").append(rs.getInt(4)).append(' ').append(rs.getString(5));
                    if (rs.getString(6) != null) {
                        t.append(" FOR ORDER BY ").append(ident(rs.getString(7))).append('.').append(ident(rs.getString(6)));
                    }
                    add(members, new Member(catalogName(rs.getString(1)), rs.getLong(2), rs.getLong(3), t.toString()));
                    return null;
                });
        reader.session().query("operator class and family functions",
                "SELECT d.refclassid::pg_catalog.regclass::text, d.refobjid, ap.amprocfamily, ap.amprocnum, "
                        + "ap.amproc::pg_catalog.regprocedure::text, ap.amproclefttype::pg_catalog.regtype::text, "
                        + "ap.amprocrighttype::pg_catalog.regtype::text "
                        + "FROM pg_catalog.pg_amproc ap JOIN pg_catalog.pg_depend d "
                        + "  ON d.classid = 'pg_catalog.pg_amproc'::pg_catalog.regclass AND d.objid = ap.oid "
                        + "WHERE d.refclassid IN ('pg_catalog.pg_opclass'::pg_catalog.regclass, 'pg_catalog.pg_opfamily'::pg_catalog.regclass) "
                        + "AND d.deptype <> 'p' "
                        + "ORDER BY d.refobjid, ap.amprocnum, ap.amproclefttype, ap.amprocrighttype",
                rs -> {
                    StringBuilder t = new StringBuilder("FUNCTION ").append(rs.getInt(4));
                    if (rs.getString(6) != null && rs.getString(7) != null) {
                        t.append(" (").append(rs.getString(6)).append(", ").append(rs.getString(7)).append(')');
                    }
                    t.append(' ').append(rs.getString(5));
                    add(members, new Member(catalogName(rs.getString(1)), rs.getLong(2), rs.getLong(3), t.toString()));
                    return null;
                });
        return members;
    }

    private static void add(Map<String, List<Member>> members, Member m) {
        members.computeIfAbsent(m.ownerCatalog() + " " + m.ownerOid(), k -> new ArrayList<>()).add(m);
    }

    private static String catalogName(String regclass) {
        return regclass.startsWith("pg_catalog.") ? regclass.substring("pg_catalog.".length()) : regclass;
    }

    private static void readFamilies(CatalogReader reader, Map<String, List<Member>> members) {
        reader.session().query("operator families",
                "SELECT f.oid, f.opfname, n.nspname, pg_catalog.pg_get_userbyid(f.opfowner), a.amname, "
                        + "pg_catalog.obj_description(f.oid, 'pg_opfamily') "
                        + "FROM pg_catalog.pg_opfamily f JOIN pg_catalog.pg_namespace n ON n.oid = f.opfnamespace "
                        + "JOIN pg_catalog.pg_am a ON a.oid = f.opfmethod "
                        + "WHERE " + CatalogReader.USER_NS + " ORDER BY f.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_opfamily", oid)) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String ns = rs.getString(3);
                    String using = qualified(ns, name) + " USING " + ident(rs.getString(5));
                    StringBuilder q = new StringBuilder("CREATE OPERATOR FAMILY ").append(using).append(";\n");
                    // loose members only: those tied to this family and belonging to it (not a sort family's reference)
                    List<String> loose = new ArrayList<>();
                    for (Member m : members.getOrDefault("pg_opfamily " + oid, List.of())) {
                        if (m.family() == oid) {
                            loose.add(m.text());
                        }
                    }
                    if (!loose.isEmpty()) {
                        q.append("ALTER OPERATOR FAMILY ").append(using).append(" ADD\n    ")
                                .append(String.join(" ,\n    ", loose)).append(";\n");
                    }
                    DumpObject o = new DumpObject(ObjectKind.OPFAMILY, CatalogId.of("pg_opfamily", oid), ns, name,
                            rs.getString(5) + " 1")
                            .desc("OPERATOR FAMILY").owner(rs.getString(4)).definition(q.toString())
                            .drop("DROP OPERATOR FAMILY " + using + ";\n");
                    Acls.comment(o, "OPERATOR FAMILY " + ident(name) + " USING " + ident(rs.getString(5)),
                            "OPERATOR FAMILY " + using, rs.getString(6));
                    reader.catalog().add(o);
                    return null;
                });
    }

    private static void readClasses(CatalogReader reader, Map<String, List<Member>> members) {
        reader.session().query("operator classes",
                "SELECT c.oid, c.opcname, n.nspname, pg_catalog.pg_get_userbyid(c.opcowner), a.amname, c.opcdefault, "
                        + "c.opcintype::pg_catalog.regtype::text, "
                        + "CASE WHEN c.opckeytype <> 0 THEN c.opckeytype::pg_catalog.regtype::text END, "
                        + "c.opcfamily, f.opfname, fn.nspname, pg_catalog.obj_description(c.oid, 'pg_opclass') "
                        + "FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_namespace n ON n.oid = c.opcnamespace "
                        + "JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod "
                        + "LEFT JOIN pg_catalog.pg_opfamily f ON f.oid = c.opcfamily "
                        + "LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = f.opfnamespace "
                        + "WHERE " + CatalogReader.USER_NS + " ORDER BY c.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_opclass", oid)) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String ns = rs.getString(3);
                    String am = ident(rs.getString(5));
                    StringBuilder q = new StringBuilder("CREATE OPERATOR CLASS ").append(qualified(ns, name)).append("\n    ");
                    if (rs.getBoolean(6)) {
                        q.append("DEFAULT ");
                    }
                    q.append("FOR TYPE ").append(rs.getString(7)).append(" USING ").append(am);
                    if (rs.getString(10) != null) {
                        q.append(" FAMILY ").append(ident(rs.getString(11))).append('.').append(ident(rs.getString(10)));
                    }
                    q.append(" AS\n    ");
                    List<String> items = new ArrayList<>();
                    if (rs.getString(8) != null) {
                        items.add("STORAGE " + rs.getString(8));
                    }
                    long family = rs.getLong(9);
                    for (Member m : members.getOrDefault("pg_opclass " + oid, List.of())) {
                        if (m.family() == family) {
                            items.add(m.text());
                        }
                    }
                    if (items.isEmpty()) {
                        // nothing after AS would not parse: a STORAGE of the input type is a no-op
                        items.add("STORAGE " + rs.getString(7));
                    }
                    q.append(String.join(" ,\n    ", items)).append(";\n");
                    String using = qualified(ns, name) + " USING " + am;
                    DumpObject o = new DumpObject(ObjectKind.OPFAMILY, CatalogId.of("pg_opclass", oid), ns, name,
                            rs.getString(5) + " 0")
                            .desc("OPERATOR CLASS").owner(rs.getString(4)).definition(q.toString())
                            .drop("DROP OPERATOR CLASS " + using + ";\n");
                    Acls.comment(o, "OPERATOR CLASS " + ident(name) + " USING " + am, "OPERATOR CLASS " + using,
                            rs.getString(12));
                    reader.catalog().add(o);
                    return null;
                });
    }

    /** pg_dump's getDependencies: what pg_amop and pg_amproc rows depend on, their family depends on. */
    private static void readMemberDependencies(CatalogReader reader) {
        for (String member : new String[] {"amop", "amproc"}) {
            String family = "amop".equals(member) ? "x.amopfamily" : "x.amprocfamily";
            reader.session().query("operator family member dependencies",
                    "SELECT " + family + ", d.refclassid::pg_catalog.regclass::text, d.refobjid "
                            + "FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_" + member + " x ON x.oid = d.objid "
                            + "WHERE d.classid = 'pg_catalog.pg_" + member + "'::pg_catalog.regclass "
                            + "AND d.deptype NOT IN ('p', 'e', 'i') "
                            + "AND NOT (d.refclassid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass AND d.refobjid = " + family + ")",
                    rs -> {
                        DumpObject from = reader.catalog().find("pg_opfamily", rs.getLong(1));
                        DumpObject to = reader.catalog().find(catalogName(rs.getString(2)), rs.getLong(3));
                        if (from != null && to != null) {
                            from.dependOn(to);
                        }
                        return null;
                    });
        }
    }
}
