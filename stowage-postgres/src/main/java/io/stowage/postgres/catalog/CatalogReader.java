package io.stowage.postgres.catalog;

import io.stowage.core.archive.Section;
import io.stowage.postgres.sql.DumpQuoting;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.stowage.postgres.sql.SqlText.ident;
import static io.stowage.postgres.sql.SqlText.qualified;

/**
 * Reads every user object of the database into a {@link Catalog}, building the SQL pg_dump writes
 * for each (pg_dump.c: dumpNamespace, dumpEnumType, dumpDomain, dumpFunc, dumpAgg, dumpSequence,
 * dumpTableSchema, dumpIndex, dumpConstraint, dumpTrigger, dumpRule), and the dependency edges
 * from pg_depend mapped onto those objects. Every query works on PostgreSQL 12 to 18.
 */
public final class CatalogReader {
    /** User schemas: everything but pg_* (catalog, toast, temp) and information_schema. */
    static final String USER_NS = "n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'";

    private final CatalogSession session;
    private final Catalog catalog = new Catalog();
    /** Objects created by extensions, which the extension's own CREATE EXTENSION recreates. */
    private final Map<String, java.util.Set<Long>> extensionMembers = new HashMap<>();
    private final Map<Long, DumpObject> relations = new HashMap<>();
    /** Tables' column defaults, kept as objects until the graph says whether they can stay inline. */
    private final List<DumpObject> attrDefaults = new ArrayList<>();

    public CatalogReader(CatalogSession session) {
        this.session = session;
    }

    /** Reads the whole catalog. */
    public Catalog read() {
        readExtensionMembers();
        readNamespaces();
        ExtensionReader.read(this);
        readTypes();
        BaseTypeReader.read(this, shellable);
        readFunctions();
        readAggregates();
        readRelations();
        readColumns();
        readChecks();
        readSequences();
        readIndexes();
        readForeignKeys();
        readTriggers();
        readRules();
        CollationReader.read(this);
        CastReader.read(this);
        LanguageReader.read(this);
        TransformReader.read(this);
        AccessMethodReader.read(this);
        OperatorReader.read(this);
        TextSearchReader.read(this);
        ForeignDataReader.read(this);
        ColumnSettingsReader.read(this);
        StatisticsReader.read(this);
        LargeObjectReader.read(this);
        PolicyReader.read(this);
        DefaultAclReader.read(this);
        EventTriggerReader.read(this);
        PublicationReader.read(this);
        SubscriptionReader.read(this);
        readDependencies();
        BaseTypeReader.repairTypeFunctionLoops(catalog, shellable);
        releaseLookups();
        return catalog;
    }

    /**
     * Drops the oid lookups only reading needs. The catalog lives on through planning, sorting and
     * writing, and with 100,000 tables these maps hold half a million boxed entries (tens of MB).
     */
    private void releaseLookups() {
        relations.clear();
        arrayTypes.clear();
        rowTypes.clear();
        indexNames.clear();
        indexParents.clear();
        acls.clear();
        columnAcls.clear();
        partitionBounds.clear();
        inheritParents.clear();
        notNulls.clear();
        attachments.clear();
    }

    /**
     * A validated CHECK constraint of a table or domain, read as an object of its own so that the
     * planner can see whether writing it inside CREATE TABLE / CREATE DOMAIN makes a loop.
     *
     * @param constraint the constraint as a separate post-data entry
     * @param owner      its table or domain
     * @param domainClause for a domain, the clause appended to CREATE DOMAIN; null for a table
     * @param tableCheck for a table, the name of the check as Relation knows it (null if inherited,
     *                   so never separated)
     */
    public record PendingCheck(DumpObject constraint, DumpObject owner, String domainClause, String tableCheck) {
    }

    private final List<PendingCheck> pendingChecks = new ArrayList<>();

    /** Tables' and domains' validated CHECK constraints, for the planner to merge or split out. */
    public List<PendingCheck> pendingChecks() {
        return pendingChecks;
    }

    /** Column defaults read as separate objects; the planner merges them back into their tables. */
    public List<DumpObject> attrDefaults() {
        return attrDefaults;
    }

    /*
     * Accessors for the readers of further object families (one class per family in this
     * package), so that each new kind of object lands in a class of its own instead of here.
     */

    /** The session inside the dump's snapshot. */
    CatalogSession session() {
        return session;
    }

    /** The catalog being filled. */
    Catalog catalog() {
        return catalog;
    }

    /** The table, view, sequence or foreign table with this pg_class oid, or null if not read. */
    DumpObject relation(long oid) {
        return relations.get(oid);
    }

    private final List<String> warnings = new ArrayList<>();

    /** Records a warning for the dump's progress listener; it must never carry a secret. */
    void warn(String message) {
        warnings.add(message);
    }

    /** Warnings raised while reading (such as objects that could not be read), for the progress listener. */
    public List<String> warnings() {
        return warnings;
    }

    /** Whether an object belongs to an extension (and so is recreated by CREATE EXTENSION). */
    boolean isMember(String catalogName, long oid) {
        java.util.Set<Long> set = extensionMembers.get(catalogName);
        return set != null && set.contains(oid);
    }

    private void readExtensionMembers() {
        session.query("extension members",
                "SELECT classid::regclass::text, objid, refobjid FROM pg_catalog.pg_depend WHERE deptype = 'e' "
                        + "AND refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass",
                rs -> {
                    String catalogName = catalogName(rs.getString(1));
                    extensionMembers.computeIfAbsent(catalogName, k -> new java.util.HashSet<>()).add(rs.getLong(2));
                    memberOf.put(catalogName + ":" + rs.getLong(2), rs.getLong(3));
                    return null;
                });
    }

    /** Member (catalog:oid) -> its extension's oid: what depends on a member depends on its extension. */
    private final Map<String, Long> memberOf = new HashMap<>();

    private static String catalogName(String regclass) {
        // interned: a handful of names repeated in every pg_depend row, which are read all at once
        return (regclass.startsWith("pg_catalog.") ? regclass.substring("pg_catalog.".length()) : regclass).intern();
    }

    static String initPrivs(String catalogName, String oidExpr) {
        return "(SELECT ip.initprivs::text FROM pg_catalog.pg_init_privs ip WHERE ip.objoid = " + oidExpr
                + " AND ip.classoid = 'pg_catalog." + catalogName + "'::pg_catalog.regclass AND ip.objsubid = 0)";
    }

    // ---------------------------------------------------------------- schemas and extensions

    private void readNamespaces() {
        boolean v15 = session.atLeast(15);
        session.query("schemas",
                "SELECT n.oid, n.nspname, pg_catalog.pg_get_userbyid(n.nspowner), n.nspowner::int8, n.nspacl::text, "
                        + "pg_catalog.acldefault('n', n.nspowner)::text, " + initPrivs("pg_namespace", "n.oid") + ", "
                        + "pg_catalog.obj_description(n.oid, 'pg_namespace') "
                        + "FROM pg_catalog.pg_namespace n WHERE " + USER_NS + " ORDER BY n.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (isMember("pg_namespace", oid)) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String owner = rs.getString(3);
                    DumpObject o = new DumpObject(ObjectKind.NAMESPACE, CatalogId.of("pg_namespace", oid), null, name, null)
                            .desc("SCHEMA").owner(owner);
                    String comment = rs.getString(8);
                    if ("public".equals(name)) {
                        long ownerId = rs.getLong(4);
                        boolean defaultOwner = v15 ? ownerId == 6171 : ownerId == 10;
                        o.definition(defaultOwner ? "" : "-- *not* creating schema, since initdb creates it\n");
                        o.drop(defaultOwner ? "" : "-- *not* dropping schema, since initdb creates it\n");
                        if ("standard public schema".equals(comment)) {
                            comment = null;
                        }
                    } else {
                        o.definition("CREATE SCHEMA " + ident(name) + ";\n").drop("DROP SCHEMA " + ident(name) + ";\n");
                    }
                    Acls.comment(o, "SCHEMA " + ident(name), "SCHEMA " + ident(name), comment);
                    Acls.acl(o, "SCHEMA", "SCHEMA " + ident(name), ident(name), null, owner, rs.getString(5),
                            rs.getString(6), rs.getString(7));
                    catalog.add(o);
                    return null;
                });
    }

    // ---------------------------------------------------------------- types

    private void readTypes() {
        String multirange = session.atLeast(14)
                ? "(SELECT pg_catalog.format_type(r.rngmultitypid, NULL) FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid)"
                : "NULL";
        session.query("types",
                "SELECT t.oid, t.typname, n.nspname, pg_catalog.pg_get_userbyid(t.typowner), t.typtype, "
                        + "t.typacl::text, pg_catalog.acldefault('T', t.typowner)::text, " + initPrivs("pg_type", "t.oid") + ", "
                        + "pg_catalog.obj_description(t.oid, 'pg_type'), "
                        + "CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e "
                        + "  WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)::text[] END, "
                        + "pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull, "
                        + "pg_catalog.pg_get_expr(t.typdefaultbin, 'pg_catalog.pg_type'::pg_catalog.regclass), t.typdefault, "
                        + "CASE WHEN t.typtype = 'd' AND t.typcollation <> b.typcollation THEN "
                        + "  (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) "
                        + "   FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace "
                        + "   WHERE co.oid = t.typcollation) END, "
                        + "t.typrelid, t.typarray, "
                        + "(SELECT pg_catalog.format_type(r.rngsubtype, NULL) FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid), "
                        + multirange + ", "
                        + "(SELECT CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::pg_catalog.regproc::text END "
                        + "   FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid), "
                        + "(SELECT CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::pg_catalog.regproc::text END "
                        + "   FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid), "
                        // subtype_opclass only when not the subtype's default, collation only when not the subtype's
                        + "(SELECT CASE WHEN NOT opc.opcdefault THEN pg_catalog.quote_ident(opn.nspname) || '.' "
                        + "   || pg_catalog.quote_ident(opc.opcname) END FROM pg_catalog.pg_range r "
                        + "   JOIN pg_catalog.pg_opclass opc ON opc.oid = r.rngsubopc "
                        + "   JOIN pg_catalog.pg_namespace opn ON opn.oid = opc.opcnamespace WHERE r.rngtypid = t.oid), "
                        + "(SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) "
                        + "   FROM pg_catalog.pg_range r JOIN pg_catalog.pg_type st ON st.oid = r.rngsubtype "
                        + "   JOIN pg_catalog.pg_collation co ON co.oid = r.rngcollation "
                        + "   JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace "
                        + "   WHERE r.rngtypid = t.oid AND r.rngcollation <> st.typcollation) "
                        + "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
                        + "LEFT JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype "
                        + "WHERE " + USER_NS + " AND (t.typtype IN ('e', 'd', 'r') "
                        + "  OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')) "
                        + "ORDER BY t.oid",
                rs -> {
                    readType(rs);
                    return null;
                });
        // composite types' columns
        session.query("composite type columns",
                "SELECT t.oid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
                        + "CASE WHEN a.attcollation <> at.typcollation THEN "
                        + "  (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) "
                        + "   FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace "
                        + "   WHERE co.oid = a.attcollation) END "
                        + "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c' "
                        + "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
                        + "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                        + "JOIN pg_catalog.pg_type at ON at.oid = a.atttypid "
                        + "WHERE " + USER_NS + " ORDER BY t.oid, a.attnum",
                rs -> {
                    DumpObject o = catalog.find("pg_type", rs.getLong(1));
                    if (o != null) {
                        compositeColumns.computeIfAbsent(o, k -> new ArrayList<>())
                                .add("\n\t" + ident(rs.getString(2)) + " " + rs.getString(3)
                                        + (rs.getString(4) == null ? "" : " COLLATE " + rs.getString(4)));
                    }
                    return null;
                });
        compositeColumns.forEach((o, cols) -> o.definition("CREATE TYPE " + qualified(o.namespace(), o.name())
                + " AS (" + String.join(",", cols) + "\n);\n"));
        // domain CHECK constraints (NOT NULL constraints of 17+ stay in typnotnull)
        session.query("domain constraints",
                "SELECT c.contypid, c.oid, c.conname, pg_catalog.pg_get_constraintdef(c.oid), c.convalidated, "
                        + "pg_catalog.obj_description(c.oid, 'pg_constraint') "
                        + "FROM pg_catalog.pg_constraint c WHERE c.contypid <> 0 AND c.contype = 'c' ORDER BY c.contypid, c.conname",
                rs -> {
                    DumpObject domain = catalog.find("pg_type", rs.getLong(1));
                    if (domain == null) {
                        return null;
                    }
                    String name = rs.getString(3);
                    String def = rs.getString(4);
                    String qname = qualified(domain.namespace(), domain.name());
                    if (rs.getBoolean(5)) {
                        // inside CREATE DOMAIN unless that makes a loop (settled by the planner)
                        DumpObject c = new DumpObject(ObjectKind.CONSTRAINT, CatalogId.of("pg_constraint", rs.getLong(2)),
                                domain.namespace(), name, domain.name())
                                .tag(domain.name() + " " + name).desc("CHECK CONSTRAINT").owner(domain.owner()).parent(domain)
                                .definition("ALTER DOMAIN " + qname + "\n    ADD CONSTRAINT " + ident(name) + " " + def + ";\n")
                                .drop("ALTER DOMAIN " + qname + " DROP CONSTRAINT " + ident(name) + ";\n");
                        Acls.comment(c, "CONSTRAINT " + ident(name) + " ON DOMAIN " + ident(domain.name()),
                                "CONSTRAINT " + ident(name) + " ON DOMAIN " + qname, rs.getString(6));
                        catalog.add(c);
                        pendingChecks.add(new PendingCheck(c, domain, "\n\tCONSTRAINT " + ident(name) + " " + def, null));
                    } else {
                        DumpObject c = new DumpObject(ObjectKind.CONSTRAINT, CatalogId.of("pg_constraint", rs.getLong(2)),
                                domain.namespace(), name, domain.name())
                                .tag(domain.name() + " " + name).desc("CHECK CONSTRAINT").owner(domain.owner()).parent(domain)
                                .definition("ALTER DOMAIN " + qname + "\n    ADD CONSTRAINT " + ident(name) + " " + def + ";\n")
                                .drop("ALTER DOMAIN " + qname + " DROP CONSTRAINT " + ident(name) + ";\n");
                        c.dependOn(domain);
                        Acls.comment(c, "CONSTRAINT " + ident(name) + " ON DOMAIN " + ident(domain.name()),
                                "CONSTRAINT " + ident(name) + " ON DOMAIN " + qname, rs.getString(6));
                        catalog.add(c);
                    }
                    return null;
                });
        // array types and table row types are not dumped on their own: map them onto what is
        session.query("array and row types",
                "SELECT t.oid, " + (session.atLeast(14)
                        ? "CASE WHEN t.typtype = 'm' THEN (SELECT r.rngtypid FROM pg_catalog.pg_range r "
                          + "WHERE r.rngmultitypid = t.oid) ELSE t.typelem END" : "t.typelem") + ", t.typrelid "
                        + "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
                        // multirange types, like arrays, come with their range type
                        + "WHERE " + USER_NS + " AND (" + BaseTypeReader.AUTO_ARRAY + " OR t.typrelid <> 0"
                        + (session.atLeast(14) ? " OR t.typtype = 'm'" : "") + ")",
                rs -> {
                    long oid = rs.getLong(1);
                    if (rs.getLong(3) != 0) {
                        rowTypes.put(oid, rs.getLong(3));
                    } else {
                        arrayTypes.put(oid, rs.getLong(2));
                    }
                    return null;
                });
    }

    /** Base and range types, whose loops with their I/O or canonical functions need shell types. */
    private final Map<DumpObject, Void> shellable = BaseTypeReader.newShellable();
    private final Map<DumpObject, List<String>> compositeColumns = new java.util.LinkedHashMap<>();
    private final Map<Long, Long> arrayTypes = new HashMap<>();
    private final Map<Long, Long> rowTypes = new HashMap<>();

    private void readType(ResultSet rs) throws SQLException {
        long oid = rs.getLong(1);
        if (isMember("pg_type", oid)) {
            return;
        }
        String name = rs.getString(2);
        String ns = rs.getString(3);
        String owner = rs.getString(4);
        char typtype = rs.getString(5).charAt(0);
        String qname = qualified(ns, name);
        DumpObject o = new DumpObject(ObjectKind.TYPE, CatalogId.of("pg_type", oid), ns, name, null).owner(owner);
        String keyword = "TYPE";
        switch (typtype) {
            case 'e' -> {
                StringBuilder q = new StringBuilder("CREATE TYPE ").append(qname).append(" AS ENUM (");
                String[] labels = strings(rs.getArray(10));
                for (int i = 0; i < labels.length; i++) {
                    q.append(i > 0 ? "," : "").append("\n    ").append(DumpQuoting.stringLiteral(labels[i]));
                }
                o.definition(q.append("\n);\n").toString());
            }
            case 'd' -> {
                keyword = "DOMAIN";
                StringBuilder q = new StringBuilder("CREATE DOMAIN ").append(qname).append(" AS ").append(rs.getString(11));
                if (rs.getString(15) != null) {
                    q.append(" COLLATE ").append(rs.getString(15));
                }
                if (rs.getBoolean(12)) {
                    q.append(" NOT NULL");
                }
                if (rs.getString(13) != null) {
                    q.append(" DEFAULT ").append(rs.getString(13));
                } else if (rs.getString(14) != null) {
                    q.append(" DEFAULT ").append(DumpQuoting.stringLiteral(rs.getString(14)));
                }
                o.definition(q.append(";\n").toString());
            }
            case 'r' -> {
                StringBuilder q = new StringBuilder("CREATE TYPE ").append(qname).append(" AS RANGE (\n    subtype = ")
                        .append(rs.getString(18));
                if (rs.getString(19) != null) {
                    q.append(",\n    multirange_type_name = ").append(rs.getString(19));
                }
                if (rs.getString(22) != null) {
                    q.append(",\n    subtype_opclass = ").append(rs.getString(22));
                }
                if (rs.getString(23) != null) {
                    q.append(",\n    collation = ").append(rs.getString(23));
                }
                if (rs.getString(20) != null) {
                    q.append(",\n    canonical = ").append(rs.getString(20));
                }
                if (rs.getString(21) != null) {
                    q.append(",\n    subtype_diff = ").append(rs.getString(21));
                }
                o.definition(q.append("\n);\n").toString());
            }
            case 'c' -> catalog.alias(CatalogId.of("pg_class", rs.getLong(16)), o);
            default -> {
                return;
            }
        }
        if (typtype == 'r') {
            shellable.put(o, null);
        }
        o.desc(keyword).drop("DROP " + keyword + " " + qname + ";\n");
        Acls.comment(o, keyword + " " + ident(name), keyword + " " + qname, rs.getString(9));
        Acls.acl(o, keyword, keyword + " " + ident(name), qname, null, owner, rs.getString(6), rs.getString(7), rs.getString(8));
        catalog.add(o);
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }

    // ---------------------------------------------------------------- functions and aggregates

    private static final String ARG_TYPES = "(SELECT pg_catalog.string_agg(pg_catalog.format_type(a.t, NULL), ', ' ORDER BY a.o) "
            + "FROM pg_catalog.unnest(p.proargtypes) WITH ORDINALITY AS a(t, o))";

    private void readFunctions() {
        String sqlBody = session.atLeast(14)
                ? "CASE WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid) END" : "NULL";
        session.query("functions",
                "SELECT p.oid, p.proname, n.nspname, pg_catalog.pg_get_userbyid(p.proowner), p.prokind, "
                        + "pg_catalog.pg_get_function_arguments(p.oid), pg_catalog.pg_get_function_identity_arguments(p.oid), "
                        + "pg_catalog.pg_get_function_result(p.oid), p.proretset, p.prosrc, p.probin, l.lanname, "
                        + "p.provolatile, p.proisstrict, p.prosecdef, p.proleakproof, p.proconfig::text[], p.procost::text, "
                        + "p.prorows::text, CASE WHEN p.prosupport <> 0 THEN p.prosupport::pg_catalog.regproc::text END, "
                        + "p.proparallel, " + sqlBody + ", " + ARG_TYPES + ", p.proacl::text, "
                        + "pg_catalog.acldefault('f', p.proowner)::text, " + initPrivs("pg_proc", "p.oid") + ", "
                        + "pg_catalog.obj_description(p.oid, 'pg_proc') "
                        + "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
                        + "JOIN pg_catalog.pg_language l ON l.oid = p.prolang "
                        + "WHERE " + USER_NS + " AND p.prokind <> 'a' "
                        // range and multirange constructors belong to their type
                        + "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass "
                        + "  AND d.objid = p.oid AND d.deptype = 'i') ORDER BY p.oid",
                rs -> {
                    readFunction(rs);
                    return null;
                });
    }

    private void readFunction(ResultSet rs) throws SQLException {
        long oid = rs.getLong(1);
        if (isMember("pg_proc", oid)) {
            return;
        }
        String name = rs.getString(2);
        String ns = rs.getString(3);
        String owner = rs.getString(4);
        boolean procedure = "p".equals(rs.getString(5));
        String keyword = procedure ? "PROCEDURE" : "FUNCTION";
        String argTypes = rs.getString(23) == null ? "" : rs.getString(23);
        String funcsig = ident(name) + "(" + rs.getString(7) + ")";
        String fullsig = ident(name) + "(" + rs.getString(6) + ")";
        String lanname = rs.getString(12);
        StringBuilder q = new StringBuilder("CREATE ").append(keyword).append(' ').append(ident(ns)).append('.').append(fullsig);
        if (!procedure && rs.getString(8) != null) {
            q.append(" RETURNS ").append(rs.getString(8));
        }
        q.append("\n    LANGUAGE ").append(ident(lanname));
        if ("w".equals(rs.getString(5))) {
            q.append(" WINDOW");
        }
        switch (rs.getString(13)) {
            case "i" -> q.append(" IMMUTABLE");
            case "s" -> q.append(" STABLE");
            default -> { }
        }
        if (rs.getBoolean(14)) {
            q.append(" STRICT");
        }
        if (rs.getBoolean(15)) {
            q.append(" SECURITY DEFINER");
        }
        if (rs.getBoolean(16)) {
            q.append(" LEAKPROOF");
        }
        String cost = rs.getString(18);
        if (!"0".equals(cost)) {
            boolean builtinLang = "internal".equals(lanname) || "c".equals(lanname);
            if (!cost.equals(builtinLang ? "1" : "100")) {
                q.append(" COST ").append(cost);
            }
        }
        String rows = rs.getString(19);
        if (rs.getBoolean(9) && !"0".equals(rows) && !"1000".equals(rows)) {
            q.append(" ROWS ").append(rows);
        }
        if (rs.getString(20) != null) {
            q.append(" SUPPORT ").append(rs.getString(20));
        }
        switch (rs.getString(21)) {
            case "s" -> q.append(" PARALLEL SAFE");
            case "r" -> q.append(" PARALLEL RESTRICTED");
            default -> { }
        }
        for (String item : strings(rs.getArray(17))) {
            int eq = item.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String var = item.substring(0, eq);
            String value = item.substring(eq + 1);
            q.append("\n    SET ").append(ident(var)).append(" TO ");
            if (GucLists.isListQuoted(var)) {
                q.append(GucLists.quoteList(value));
            } else {
                q.append(DumpQuoting.stringLiteral(value));
            }
        }
        String sqlBody = rs.getString(22);
        String prosrc = rs.getString(10);
        String probin = rs.getString(11);
        String as;
        if (sqlBody != null) {
            as = sqlBody;
        } else if (probin != null && !probin.isEmpty()) {
            as = "AS " + DumpQuoting.stringLiteral(probin);
            if (prosrc != null && !prosrc.isEmpty()) {
                as += ", " + (prosrc.indexOf('\'') < 0 && prosrc.indexOf('\\') < 0
                        ? DumpQuoting.stringLiteral(prosrc) : DumpQuoting.dollarQuote(prosrc, null));
            }
        } else {
            as = "AS " + DumpQuoting.dollarQuote(prosrc, null);
        }
        q.append("\n    ").append(as).append(";\n");
        DumpObject o = new DumpObject(ObjectKind.FUNC, CatalogId.of("pg_proc", oid), ns, name, argTypes)
                .tag(name + "(" + argTypes + ")").desc(keyword).owner(owner)
                .definition(q.toString())
                .drop("DROP " + keyword + " " + ident(ns) + "." + funcsig + ";\n");
        Acls.comment(o, keyword + " " + funcsig, keyword + " " + ident(ns) + "." + funcsig, rs.getString(27));
        Acls.acl(o, keyword, keyword + " " + funcsig, ident(ns) + "." + funcsig, null, owner,
                rs.getString(24), rs.getString(25), rs.getString(26));
        catalog.add(o);
    }

    private void readAggregates() {
        String sortop = "CASE WHEN a.aggsortop <> 0 THEN (SELECT 'OPERATOR(' || pg_catalog.quote_ident(opn.nspname) || '.' "
                + "|| o.oprname || ')' FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace opn ON opn.oid = o.oprnamespace "
                + "WHERE o.oid = a.aggsortop) END";
        session.query("aggregates",
                "SELECT p.oid, p.proname, n.nspname, pg_catalog.pg_get_userbyid(p.proowner), "
                        + "pg_catalog.pg_get_function_arguments(p.oid), pg_catalog.pg_get_function_identity_arguments(p.oid), "
                        + ARG_TYPES + ", a.aggkind, a.aggtransfn::pg_catalog.regproc::text, "
                        + "pg_catalog.format_type(a.aggtranstype, NULL), a.aggtransspace, a.agginitval, "
                        + "a.aggfinalfn::pg_catalog.regproc::text, a.aggfinalextra, a.aggfinalmodify, "
                        + "a.aggcombinefn::pg_catalog.regproc::text, a.aggserialfn::pg_catalog.regproc::text, "
                        + "a.aggdeserialfn::pg_catalog.regproc::text, a.aggmtransfn::pg_catalog.regproc::text, "
                        + "a.aggminvtransfn::pg_catalog.regproc::text, pg_catalog.format_type(a.aggmtranstype, NULL), "
                        + "a.aggmtransspace, a.aggminitval, a.aggmfinalfn::pg_catalog.regproc::text, a.aggmfinalextra, "
                        + "a.aggmfinalmodify, " + sortop + ", p.proparallel, p.proacl::text, "
                        + "pg_catalog.acldefault('f', p.proowner)::text, " + initPrivs("pg_proc", "p.oid") + ", "
                        + "pg_catalog.obj_description(p.oid, 'pg_proc'), p.pronargs "
                        + "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
                        + "JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid "
                        + "WHERE " + USER_NS + " ORDER BY p.oid",
                rs -> {
                    readAggregate(rs);
                    return null;
                });
    }

    private void readAggregate(ResultSet rs) throws SQLException {
        long oid = rs.getLong(1);
        if (isMember("pg_proc", oid)) {
            return;
        }
        String name = rs.getString(2);
        String ns = rs.getString(3);
        String owner = rs.getString(4);
        boolean noArgs = rs.getInt(33) == 0;
        String aggsig = ident(name) + "(" + (noArgs ? "*" : rs.getString(6)) + ")";
        String fullsig = ident(name) + "(" + (noArgs ? "*" : rs.getString(5)) + ")";
        String argTypes = rs.getString(7) == null ? "" : rs.getString(7);
        char aggkind = rs.getString(8).charAt(0);
        char defaultModify = aggkind == 'n' ? 'r' : 'w';
        StringBuilder d = new StringBuilder("    SFUNC = ").append(rs.getString(9)).append(",\n    STYPE = ").append(rs.getString(10));
        if (rs.getInt(11) != 0) {
            d.append(",\n    SSPACE = ").append(rs.getInt(11));
        }
        if (rs.getString(12) != null) {
            d.append(",\n    INITCOND = ").append(DumpQuoting.stringLiteral(rs.getString(12)));
        }
        if (!"-".equals(rs.getString(13))) {
            d.append(",\n    FINALFUNC = ").append(rs.getString(13));
            if (rs.getBoolean(14)) {
                d.append(",\n    FINALFUNC_EXTRA");
            }
            appendModify(d, "FINALFUNC_MODIFY", rs.getString(15).charAt(0), defaultModify);
        }
        if (!"-".equals(rs.getString(16))) {
            d.append(",\n    COMBINEFUNC = ").append(rs.getString(16));
        }
        if (!"-".equals(rs.getString(17))) {
            d.append(",\n    SERIALFUNC = ").append(rs.getString(17));
        }
        if (!"-".equals(rs.getString(18))) {
            d.append(",\n    DESERIALFUNC = ").append(rs.getString(18));
        }
        if (!"-".equals(rs.getString(19))) {
            d.append(",\n    MSFUNC = ").append(rs.getString(19)).append(",\n    MINVFUNC = ").append(rs.getString(20))
                    .append(",\n    MSTYPE = ").append(rs.getString(21));
        }
        if (rs.getInt(22) != 0) {
            d.append(",\n    MSSPACE = ").append(rs.getInt(22));
        }
        if (rs.getString(23) != null) {
            d.append(",\n    MINITCOND = ").append(DumpQuoting.stringLiteral(rs.getString(23)));
        }
        if (!"-".equals(rs.getString(24))) {
            d.append(",\n    MFINALFUNC = ").append(rs.getString(24));
            if (rs.getBoolean(25)) {
                d.append(",\n    MFINALFUNC_EXTRA");
            }
            appendModify(d, "MFINALFUNC_MODIFY", rs.getString(26).charAt(0), defaultModify);
        }
        if (rs.getString(27) != null) {
            d.append(",\n    SORTOP = ").append(rs.getString(27));
        }
        if (aggkind == 'h') {
            d.append(",\n    HYPOTHETICAL");
        }
        switch (rs.getString(28)) {
            case "s" -> d.append(",\n    PARALLEL = safe");
            case "r" -> d.append(",\n    PARALLEL = restricted");
            default -> { }
        }
        DumpObject o = new DumpObject(ObjectKind.AGG, CatalogId.of("pg_proc", oid), ns, name, argTypes)
                .tag(name + "(" + (noArgs ? "*" : argTypes) + ")").desc("AGGREGATE").owner(owner)
                .definition("CREATE AGGREGATE " + ident(ns) + "." + fullsig + " (\n" + d + "\n);\n")
                .drop("DROP AGGREGATE " + ident(ns) + "." + aggsig + ";\n");
        Acls.comment(o, "AGGREGATE " + aggsig, "AGGREGATE " + ident(ns) + "." + aggsig, rs.getString(32));
        Acls.acl(o, "FUNCTION", "FUNCTION " + aggsig, ident(ns) + "." + aggsig, null, owner,
                rs.getString(29), rs.getString(30), rs.getString(31));
        catalog.add(o);
    }

    private static void appendModify(StringBuilder d, String option, char value, char defaultValue) {
        if (value == defaultValue) {
            return;
        }
        d.append(",\n    ").append(option).append(" = ").append(switch (value) {
            case 'r' -> "READ_ONLY";
            case 's' -> "SHAREABLE";
            default -> "READ_WRITE";
        });
    }

    // ---------------------------------------------------------------- relations

    private void readRelations() {
        session.query("tables, views and sequences",
                "SELECT c.oid, c.relname, n.nspname, pg_catalog.pg_get_userbyid(c.relowner), c.relkind, c.relpersistence, "
                        + "c.relispartition, c.relispopulated, c.relreplident, c.relrowsecurity, c.relforcerowsecurity, "
                        + "pg_catalog.array_remove(pg_catalog.array_remove(c.reloptions, 'check_option=local'), 'check_option=cascaded')::text[], "
                        + "tc.reloptions::text[], "
                        + "CASE WHEN 'check_option=local' = ANY (c.reloptions) THEN 'LOCAL' "
                        + "     WHEN 'check_option=cascaded' = ANY (c.reloptions) THEN 'CASCADED' END, "
                        + "c.relacl::text, pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner)::text, "
                        + initPrivs("pg_class", "c.oid") + ", "
                        + "CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END, "
                        + "CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END, "
                        + "CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END, "
                        + "CASE WHEN c.reloftype <> 0 THEN pg_catalog.format_type(c.reloftype, NULL) END, "
                        + "COALESCE((SELECT s.spcname FROM pg_catalog.pg_tablespace s WHERE s.oid = c.reltablespace), ''), "
                        + "(SELECT am.amname FROM pg_catalog.pg_am am WHERE am.oid = c.relam), "
                        + "pg_catalog.obj_description(c.oid, 'pg_class') "
                        + "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "LEFT JOIN pg_catalog.pg_class tc ON tc.oid = c.reltoastrelid "
                        + "WHERE " + USER_NS + " AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') ORDER BY c.oid",
                rs -> {
                    readRelation(rs);
                    return null;
                });
        // inheritance parents, in inhseqno order
        session.query("inheritance",
                "SELECT i.inhrelid, i.inhparent, n.nspname, p.relname FROM pg_catalog.pg_inherits i "
                        + "JOIN pg_catalog.pg_class p ON p.oid = i.inhparent JOIN pg_catalog.pg_namespace n ON n.oid = p.relnamespace "
                        + "JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid WHERE c.relkind IN ('r', 'p', 'f') "
                        + "ORDER BY i.inhrelid, i.inhseqno",
                rs -> {
                    DumpObject child = relations.get(rs.getLong(1));
                    if (child != null && child.relation() != null) {
                        child.relation().parents().add(qualified(rs.getString(3), rs.getString(4)));
                        inheritParents.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                    }
                    return null;
                });
    }

    private final Map<Long, List<Long>> inheritParents = new HashMap<>();
    /** Partition oid -> parent oid and bound, for TABLE ATTACH entries. */
    private final Map<Long, String> partitionBounds = new HashMap<>();
    private final Map<Long, String[]> acls = new HashMap<>();
    private static final String[] NO_ACL = new String[3];

    private void readRelation(ResultSet rs) throws SQLException {
        long oid = rs.getLong(1);
        if (isMember("pg_class", oid)) {
            return;
        }
        String name = rs.getString(2);
        String ns = rs.getString(3);
        String owner = rs.getString(4);
        char relkind = rs.getString(5).charAt(0);
        String qname = qualified(ns, name);
        boolean unlogged = "u".equals(rs.getString(6));
        DumpObject o = new DumpObject(ObjectKind.TABLE, CatalogId.of("pg_class", oid), ns, name, null).owner(owner);
        relations.put(oid, o);
        String keyword;
        switch (relkind) {
            case 'S' -> {
                keyword = "SEQUENCE";
                o.desc("SEQUENCE").drop("DROP SEQUENCE " + qname + ";\n");
                sequenceUnlogged.put(oid, unlogged);
            }
            case 'v' -> {
                keyword = "VIEW";
                Relation r = new Relation(relkind, qname, false, false).reloptions(list(rs.getArray(12)))
                        .checkOption(rs.getString(14)).viewDefinition(rs.getString(20));
                o.relation(r).desc("VIEW").drop("DROP VIEW " + qname + ";\n");
            }
            case 'm' -> {
                keyword = "MATERIALIZED VIEW";
                Relation r = new Relation(relkind, qname, false, false).reloptions(list(rs.getArray(12)))
                        .toastReloptions(list(rs.getArray(13))).viewDefinition(rs.getString(20));
                o.relation(r).desc("MATERIALIZED VIEW").drop("DROP MATERIALIZED VIEW " + qname + ";\n")
                        .tablespace(rs.getString(22)).tableAccessMethod(rs.getString(23));
                if (rs.getBoolean(8)) {
                    DumpObject refresh = new DumpObject(ObjectKind.REFRESH_MATVIEW, null, ns, name, null)
                            .desc("MATERIALIZED VIEW DATA").owner(owner).parent(o)
                            .definition("REFRESH MATERIALIZED VIEW " + qname + ";\n");
                    refresh.dependOn(o);
                    catalog.add(refresh);
                }
            }
            default -> {
                keyword = relkind == 'f' ? "FOREIGN TABLE" : "TABLE";
                boolean partition = rs.getBoolean(7);
                Relation r = new Relation(relkind, qname, unlogged, partition).reloptions(list(rs.getArray(12)))
                        .toastReloptions(list(rs.getArray(13))).partitionKey(rs.getString(18)).ofType(rs.getString(21))
                        .replicaIdentity(rs.getString(9).charAt(0)).rowSecurity(rs.getBoolean(10), rs.getBoolean(11));
                o.relation(r).desc(keyword).drop("DROP " + keyword + " " + qname + ";\n");
                if (relkind != 'f') {
                    o.tablespace(rs.getString(22));
                    if (relkind == 'r') {
                        o.tableAccessMethod(rs.getString(23));
                    }
                }
                if (partition) {
                    partitionBounds.put(oid, rs.getString(19));
                }
            }
        }
        Acls.comment(o, keyword + " " + ident(name), keyword + " " + qname, rs.getString(24));
        String[] acl = {rs.getString(15), rs.getString(16), rs.getString(17)};
        if (acl[0] != null || acl[1] != null || acl[2] != null) {
            acls.put(oid, acl); // most tables have no grants: nothing to hold for them
        }
        catalog.add(o);
    }

    private final Map<Long, Boolean> sequenceUnlogged = new HashMap<>();

    private static List<String> list(Array array) throws SQLException {
        return array == null ? List.of() : List.of(strings(array));
    }

    private void readColumns() {
        String generated = "a.attgenerated";
        boolean v18 = session.atLeast(18);
        Map<Long, Map<String, Boolean>> notNullByTable = new HashMap<>();
        session.query("columns",
                "SELECT a.attrelid, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                        + "a.attislocal, a.attidentity, " + generated + ", "
                        + "CASE WHEN a.attcollation <> t.typcollation THEN "
                        + "  (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) "
                        + "   FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace "
                        + "   WHERE co.oid = a.attcollation) END, "
                        + "pg_catalog.pg_get_expr(d.adbin, d.adrelid), d.oid, a.attacl::text, "
                        + "pg_catalog.col_description(a.attrelid, a.attnum), "
                        + (v18
                            ? "nn.conname, nn.oid, nn.convalidated, nn.connoinherit, nn.conislocal, "
                              + "pg_catalog.obj_description(nn.oid, 'pg_constraint'), pg_catalog.pg_get_constraintdef(nn.oid) "
                            : "NULL, NULL, NULL, NULL, NULL, NULL, NULL ")
                        + "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
                        + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
                        + "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                        + (v18 ? "LEFT JOIN pg_catalog.pg_constraint nn ON nn.conrelid = a.attrelid AND nn.contype = 'n' "
                                + "AND nn.conkey = ARRAY[a.attnum] " : "")
                        + "WHERE " + USER_NS + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped "
                        + "ORDER BY a.attrelid, a.attnum",
                rs -> {
                    long relid = rs.getLong(1);
                    DumpObject table = relations.get(relid);
                    if (table == null || table.relation() == null) {
                        return null;
                    }
                    String col = rs.getString(3);
                    boolean notNull = rs.getBoolean(5);
                    notNullByTable.computeIfAbsent(relid, k -> new HashMap<>()).put(col, notNull);
                    String identity = rs.getString(7);
                    String gen = rs.getString(8);
                    NotNull nn = NotNull.read(rs, 14, table.name(), col);
                    if (nn != null) {
                        notNulls.computeIfAbsent(relid, k -> new HashMap<>()).put(col, nn);
                    }
                    if (nn != null && !nn.validated()) {
                        // a NOT VALID not-null is added after the data it was never checked against
                        // (pg_dump 18: determineNotNullFlags lists it with the invalid constraints)
                        notNull = false;
                        invalidNotNull(table, nn);
                    }
                    Relation.Column column = new Relation.Column(col, rs.getString(4), rs.getString(10),
                            gen == null || gen.isEmpty() ? '\0' : gen.charAt(0), notNull, rs.getString(9), rs.getBoolean(6),
                            identity == null || identity.isEmpty() ? '\0' : identity.charAt(0),
                            nn != null && !nn.local(), nn == null || !notNull ? null
                                    // an inherited column's own NO INHERIT not-null is added by name
                                    : nn.noInherit() && !rs.getBoolean(6) ? nn.name() : nn.writtenName(),
                            nn != null && nn.noInherit());
                    table.relation().columns().add(column);
                    if (nn != null && notNull && nn.comment() != null) {
                        Acls.comment(table, "CONSTRAINT " + ident(nn.name()) + " ON " + ident(table.name()),
                                "CONSTRAINT " + ident(nn.name()) + " ON " + table.relation().qualifiedName(), nn.comment());
                    }
                    if (rs.getString(11) != null) {
                        DumpObject def = new DumpObject(ObjectKind.ATTRDEF, CatalogId.of("pg_attrdef", rs.getLong(11)),
                                table.namespace(), table.name(), String.format("%05d", rs.getInt(2)))
                                .tag(table.name() + " " + col).desc("DEFAULT").owner(table.owner()).parent(table)
                                .definition("ALTER TABLE ONLY " + table.relation().qualifiedName() + " ALTER COLUMN "
                                        + ident(col) + " SET DEFAULT " + rs.getString(10) + ";\n")
                                .drop("ALTER TABLE " + table.relation().qualifiedName() + " ALTER COLUMN " + ident(col)
                                        + " DROP DEFAULT;\n");
                        attrDefaults.add(def);
                        catalog.add(def);
                    }
                    String keyword = switch (table.relation().relkind()) {
                        case 'v' -> "VIEW";
                        case 'm' -> "MATERIALIZED VIEW";
                        case 'f' -> "FOREIGN TABLE";
                        default -> "TABLE";
                    };
                    Acls.comment(table, "COLUMN " + ident(table.name()) + "." + ident(col),
                            "COLUMN " + table.relation().qualifiedName() + "." + ident(col), rs.getString(13));
                    if (rs.getString(12) != null) {
                        columnAcls.computeIfAbsent(relid, k -> new ArrayList<>()).add(new String[] {col, rs.getString(12)});
                    }
                    return null;
                });
        // inherited NOT NULL (regular inheritance, before 18): a column whose parent column is NOT NULL;
        // from 18 the constraint's own conislocal says so
        inheritParents.forEach((child, parents) -> {
            if (v18) {
                validateInheritedNotNulls(child, parents);
                return;
            }
            DumpObject table = relations.get(child);
            if (table == null || table.relation() == null) {
                return;
            }
            List<Relation.Column> cols = table.relation().columns();
            for (int i = 0; i < cols.size(); i++) {
                Relation.Column c = cols.get(i);
                boolean inherited = false;
                for (long p : parents) {
                    Boolean nn = notNullByTable.getOrDefault(p, Map.of()).get(c.name());
                    inherited |= nn != null && nn;
                }
                if (inherited) {
                    cols.set(i, c.withInheritedNotNull());
                }
            }
        });
        // ACLs after the column list is complete, as pg_dump writes table then column privileges
        relations.forEach((oid, o) -> {
            String[] a = acls.getOrDefault(oid, NO_ACL);
            String keyword = o.desc().equals("SEQUENCE") ? "SEQUENCE" : "TABLE";
            String qname = qualified(o.namespace(), o.name());
            Acls.acl(o, keyword, "TABLE".equals(keyword) ? "TABLE " + ident(o.name()) : "SEQUENCE " + ident(o.name()),
                    qname, null, o.owner(), a[0], a[1], a[2]);
            for (String[] col : columnAcls.getOrDefault(oid, List.of())) {
                Acls.acl(o, "TABLE", "COLUMN " + ident(o.name()) + "." + ident(col[0]), qname, ident(col[0]), o.owner(),
                        col[1], "{}", null);
            }
        });
        // view, table and materialized view definitions are rendered by the planner once defaults are settled
        partitionBounds.forEach((oid, bound) -> {
            DumpObject partition = relations.get(oid);
            Long parentOid = inheritParents.getOrDefault(oid, List.of()).stream().findFirst().orElse(null);
            DumpObject parent = parentOid == null ? null : relations.get(parentOid);
            if (partition == null || parent == null) {
                return;
            }
            DumpObject attach = new DumpObject(ObjectKind.TABLE_ATTACH, null, partition.namespace(), partition.name(), null)
                    .desc("TABLE ATTACH").owner(partition.owner()).parent(partition)
                    .definition("ALTER TABLE ONLY " + qualified(parent.namespace(), parent.name()) + " ATTACH PARTITION "
                            + qualified(partition.namespace(), partition.name()) + " " + bound + ";\n");
            attach.dependOn(partition);
            attach.dependOn(parent);
            catalog.add(attach);
        });
    }

    private final Map<Long, List<String[]>> columnAcls = new HashMap<>();

    /** Tables' NOT NULL constraints (18+), by table oid and column name. */
    private final Map<Long, Map<String, NotNull>> notNulls = new HashMap<>();

    /**
     * A child whose inherited not-null is valid while its parent's is NOT VALID (the child was
     * created after the parent's constraint, empty): the parent's post-data ALTER would leave the
     * child's NOT VALID too, so the child's is validated right after it, ONLY there.
     */
    private void validateInheritedNotNulls(long child, List<Long> parents) {
        DumpObject table = relations.get(child);
        if (table == null || table.relation() == null) {
            return;
        }
        notNulls.getOrDefault(child, Map.of()).forEach((col, nn) -> {
            if (nn.local() || !nn.validated()) {
                return;
            }
            for (long p : parents) {
                NotNull parentNn = notNulls.getOrDefault(p, Map.of()).get(col);
                DumpObject parentConstraint = parentNn == null || parentNn.validated() ? null
                        : catalog.find("pg_constraint", parentNn.oid());
                if (parentConstraint == null || !parentNn.name().equals(nn.name())) {
                    continue;
                }
                // an alias (inherited in the parent too) stands for the table that carries it
                DumpObject after = parentConstraint.kind() == ObjectKind.CONSTRAINT ? parentConstraint : null;
                if (after == null) {
                    continue;
                }
                DumpObject v = new DumpObject(ObjectKind.CONSTRAINT, CatalogId.of("pg_constraint", nn.oid()),
                        table.namespace(), nn.name(), table.name())
                        .tag(table.name() + " " + nn.name()).desc("CONSTRAINT").owner(table.owner()).parent(table)
                        .definition("ALTER TABLE ONLY " + table.relation().qualifiedName() + " VALIDATE CONSTRAINT "
                                + ident(nn.name()) + ";\n");
                v.dependOn(table);
                v.dependOn(after);
                catalog.add(v);
                return;
            }
        });
    }

    /**
     * A local NOT VALID not-null constraint as pg_dump 18 writes it: a post-data ALTER TABLE (not
     * ONLY, so that it reaches inheritance children and partitions as it did in the source); an
     * inherited one arrives through its parent's.
     */
    private void invalidNotNull(DumpObject table, NotNull nn) {
        if (!nn.local()) {
            catalog.alias(CatalogId.of("pg_constraint", nn.oid()), table);
            return;
        }
        String qname = table.relation().qualifiedName();
        String foreign = table.relation().relkind() == 'f' ? "FOREIGN TABLE " : "TABLE ";
        DumpObject c = new DumpObject(ObjectKind.CONSTRAINT, CatalogId.of("pg_constraint", nn.oid()),
                table.namespace(), nn.name(), table.name())
                .tag(table.name() + " " + nn.name()).desc("CONSTRAINT").owner(table.owner()).parent(table)
                .definition("ALTER " + foreign + qname + "\n    ADD CONSTRAINT " + ident(nn.name()) + " " + nn.definition() + ";\n")
                .drop("ALTER " + foreign + qname + " DROP CONSTRAINT " + ident(nn.name()) + ";\n");
        c.dependOn(table);
        Acls.comment(c, "CONSTRAINT " + ident(nn.name()) + " ON " + ident(table.name()),
                "CONSTRAINT " + ident(nn.name()) + " ON " + qname, nn.comment());
        catalog.add(c);
    }

    private void readChecks() {
        session.query("check constraints",
                "SELECT c.conrelid, c.oid, c.conname, pg_catalog.pg_get_constraintdef(c.oid), c.conislocal, c.convalidated, "
                        + "pg_catalog.obj_description(c.oid, 'pg_constraint') "
                        + "FROM pg_catalog.pg_constraint c WHERE c.conrelid <> 0 AND c.contype = 'c' ORDER BY c.conrelid, c.conname",
                rs -> {
                    DumpObject table = relations.get(rs.getLong(1));
                    if (table == null || table.relation() == null) {
                        return null;
                    }
                    String name = rs.getString(3);
                    Relation.Check check = new Relation.Check(name, rs.getString(4), rs.getBoolean(5), rs.getBoolean(6));
                    table.relation().checks().add(check);
                    String qname = table.relation().qualifiedName();
                    String commentTag = "CONSTRAINT " + ident(name) + " ON " + ident(table.name());
                    String commentTarget = "CONSTRAINT " + ident(name) + " ON " + qname;
                    if (table.relation().inlineCheck(check)) {
                        // inside CREATE TABLE unless that makes a loop (settled by the planner)
                        DumpObject c = new DumpObject(ObjectKind.CONSTRAINT, CatalogId.of("pg_constraint", rs.getLong(2)),
                                table.namespace(), name, table.name())
                                .tag(table.name() + " " + name).desc("CHECK CONSTRAINT").owner(table.owner()).parent(table)
                                .definition("ALTER TABLE " + qname + "\n    ADD CONSTRAINT " + ident(name) + " " + rs.getString(4) + ";\n")
                                .drop("ALTER TABLE " + qname + " DROP CONSTRAINT " + ident(name) + ";\n");
                        if (check.local()) {
                            Acls.comment(c, commentTag, commentTarget, rs.getString(7));
                        }
                        catalog.add(c);
                        pendingChecks.add(new PendingCheck(c, table, null, check.local() ? name : null));
                    } else if (check.local()) {
                        DumpObject c = new DumpObject(ObjectKind.CONSTRAINT, CatalogId.of("pg_constraint", rs.getLong(2)),
                                table.namespace(), name, table.name())
                                .tag(table.name() + " " + name).desc("CHECK CONSTRAINT").owner(table.owner()).parent(table)
                                .definition("ALTER TABLE " + qname + "\n    ADD CONSTRAINT " + ident(name) + " " + rs.getString(4) + ";\n")
                                .drop("ALTER TABLE " + qname + " DROP CONSTRAINT " + ident(name) + ";\n");
                        c.dependOn(table);
                        Acls.comment(c, commentTag, commentTarget, rs.getString(7));
                        catalog.add(c);
                    } else {
                        catalog.alias(CatalogId.of("pg_constraint", rs.getLong(2)), table);
                    }
                    return null;
                });
    }

    private void readSequences() {
        Map<Long, Object[]> owned = new HashMap<>();
        session.query("sequence ownership",
                "SELECT d.objid, d.refobjid, a.attname, d.deptype FROM pg_catalog.pg_depend d "
                        + "JOIN pg_catalog.pg_class c ON c.oid = d.objid AND c.relkind = 'S' "
                        + "JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
                        + "WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid = 0 "
                        + "AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')",
                rs -> owned.put(rs.getLong(1), new Object[] {rs.getLong(2), rs.getString(3), "i".equals(rs.getString(4))}));
        session.query("sequences",
                "SELECT s.seqrelid, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmax, "
                        + "s.seqmin, s.seqcache, s.seqcycle FROM pg_catalog.pg_sequence s ORDER BY s.seqrelid",
                rs -> {
                    DumpObject seq = relations.get(rs.getLong(1));
                    if (seq == null) {
                        return null;
                    }
                    String qname = qualified(seq.namespace(), seq.name());
                    String type = rs.getString(2);
                    long incby = rs.getLong(4);
                    boolean asc = incby >= 0;
                    long defMin;
                    long defMax;
                    switch (type) {
                        case "smallint" -> { defMin = asc ? 1 : Short.MIN_VALUE; defMax = asc ? Short.MAX_VALUE : -1; }
                        case "integer" -> { defMin = asc ? 1 : Integer.MIN_VALUE; defMax = asc ? Integer.MAX_VALUE : -1; }
                        default -> { defMin = asc ? 1 : Long.MIN_VALUE; defMax = asc ? Long.MAX_VALUE : -1; }
                    }
                    Object[] owner = owned.get(rs.getLong(1));
                    DumpObject table = owner == null ? null : relations.get((Long) owner[0]);
                    String column = table == null || table.relation() == null ? null : (String) owner[1];
                    boolean identity = owner != null && (Boolean) owner[2] && column != null;
                    StringBuilder q = new StringBuilder();
                    if (identity) {
                        Relation.Column c = table.relation().columns().stream().filter(x -> x.name().equals(column)).findFirst().orElseThrow();
                        q.append("ALTER TABLE ").append(table.relation().qualifiedName()).append(" ALTER COLUMN ")
                                .append(ident(column)).append(" ADD GENERATED ").append(c.identity() == 'a' ? "ALWAYS" : "BY DEFAULT")
                                .append(" AS IDENTITY (\n    SEQUENCE NAME ").append(qname).append('\n');
                        seq.drop("");
                    } else {
                        q.append("CREATE ").append(sequenceUnlogged.getOrDefault(rs.getLong(1), false) ? "UNLOGGED " : "")
                                .append("SEQUENCE ").append(qname).append('\n');
                        if (!"bigint".equals(type)) {
                            q.append("    AS ").append(type).append('\n');
                        }
                    }
                    q.append("    START WITH ").append(rs.getLong(3)).append('\n');
                    q.append("    INCREMENT BY ").append(incby).append('\n');
                    long min = rs.getLong(6);
                    long max = rs.getLong(5);
                    q.append(min == defMin ? "    NO MINVALUE\n" : "    MINVALUE " + min + "\n");
                    q.append(max == defMax ? "    NO MAXVALUE\n" : "    MAXVALUE " + max + "\n");
                    q.append("    CACHE ").append(rs.getLong(7)).append(rs.getBoolean(8) ? "\n    CYCLE" : "");
                    q.append(identity ? "\n);\n" : ";\n");
                    seq.definition(q.toString());
                    if (table != null) {
                        seq.parent(table);
                    }
                    if (column != null && !identity) {
                        seq.satellites().add(0, new Satellite("SEQUENCE OWNED BY", seq.name(), seq.namespace(), seq.owner(),
                                Section.PRE_DATA, "ALTER SEQUENCE " + qname + " OWNED BY "
                                + table.relation().qualifiedName() + "." + ident(column) + ";\n"));
                    }
                    DumpObject set = new DumpObject(ObjectKind.SEQUENCE_SET, null, seq.namespace(), seq.name(), null)
                            .desc("SEQUENCE SET").owner(seq.owner()).parent(seq);
                    set.dependOn(seq);
                    sequenceSets.put(rs.getLong(1), set);
                    catalog.add(set);
                    return null;
                });
    }

    /** SEQUENCE SET objects by sequence oid; their setval text is read by {@link #readSequenceValues}. */
    private final Map<Long, DumpObject> sequenceSets = new HashMap<>();

    /** Reads the current value of each sequence whose SEQUENCE SET will be written. */
    public void readSequenceValues(java.util.function.Predicate<DumpObject> wanted) {
        List<DumpObject> sets = new ArrayList<>();
        for (DumpObject set : sequenceSets.values()) {
            if (wanted.test(set)) {
                sets.add(set);
            }
        }
        // Reading a sequence locks it until the transaction ends: with many thousands of sequences those
        // locks would exhaust the server's shared lock table (max_locks_per_transaction), so each batch is
        // read in a subtransaction that is rolled back, releasing its locks; one query per batch also
        // saves a round trip per sequence.
        for (int from = 0; from < sets.size(); from += SEQUENCE_BATCH) {
            List<DumpObject> batch = sets.subList(from, Math.min(sets.size(), from + SEQUENCE_BATCH));
            StringBuilder sql = new StringBuilder();
            for (int i = 0; i < batch.size(); i++) {
                sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(", last_value, is_called FROM ")
                        .append(qualified(batch.get(i).namespace(), batch.get(i).name()));
            }
            String what = batch.size() == 1 ? "the value of sequence " + qualified(batch.get(0).namespace(), batch.get(0).name())
                    : "the values of sequences " + qualified(batch.get(0).namespace(), batch.get(0).name()) + " and "
                    + (batch.size() - 1) + " more";
            session.releasingLocks("reading " + what, () -> session.query(what, sql.toString(), rs -> {
                DumpObject set = batch.get(rs.getInt(1));
                String qname = qualified(set.namespace(), set.name());
                set.definition("SELECT pg_catalog.setval(" + DumpQuoting.stringLiteral(qname) + ", " + rs.getLong(2)
                        + ", " + rs.getBoolean(3) + ");\n");
                return null;
            }));
        }
    }

    /** Sequences read per query. */
    private static final int SEQUENCE_BATCH = 500;

    // ---------------------------------------------------------------- post-data objects

    /**
     * A primary key's or unique constraint's definition with its index's storage parameters:
     * pg_get_constraintdef leaves them out (it prints them only for the server's own full commands),
     * so pg_dump's dumpConstraint builds these definitions itself, with {@code WITH (...)} after the
     * columns and INCLUDE and before DEFERRABLE. Exclusion constraints' definitions already carry them.
     */
    static String keyDefinition(String definition, String contype, List<String> indexOptions) {
        if (indexOptions.isEmpty() || !("p".equals(contype) || "u".equals(contype))) {
            return definition;
        }
        String with = " WITH (" + DumpQuoting.reloptions(indexOptions, "") + ")";
        // the column list ends in ')': a DEFERRABLE suffix is the clause, never part of a name
        for (String suffix : new String[] {" DEFERRABLE INITIALLY DEFERRED", " DEFERRABLE"}) {
            if (definition.endsWith(suffix)) {
                return definition.substring(0, definition.length() - suffix.length()) + with + suffix;
            }
        }
        return definition + with;
    }

    private void readIndexes() {
        session.query("indexes",
                "SELECT i.indexrelid, i.indrelid, ic.relname, pg_catalog.pg_get_indexdef(i.indexrelid), i.indisclustered, "
                        + "i.indisreplident, c.oid, c.conname, pg_catalog.pg_get_constraintdef(c.oid), "
                        + "COALESCE((SELECT s.spcname FROM pg_catalog.pg_tablespace s WHERE s.oid = ic.reltablespace), ''), "
                        + "pg_catalog.obj_description(i.indexrelid, 'pg_class'), pg_catalog.obj_description(c.oid, 'pg_constraint'), "
                        + "(SELECT h.inhparent FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid), n.nspname, "
                        + "c.contype, ic.reloptions::text[] "
                        + "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
                        + "JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace "
                        + "LEFT JOIN pg_catalog.pg_constraint c ON c.conrelid = i.indrelid AND c.conindid = i.indexrelid "
                        + "  AND c.contype IN ('p', 'u', 'x') "
                        + "WHERE " + USER_NS + " AND i.indislive ORDER BY i.indexrelid",
                rs -> {
                    DumpObject table = relations.get(rs.getLong(2));
                    if (table == null || table.relation() == null || isMember("pg_class", rs.getLong(1))) {
                        return null;
                    }
                    String qtable = table.relation().qualifiedName();
                    String idxName = rs.getString(3);
                    String qidx = qualified(rs.getString(14), idxName);
                    StringBuilder extra = new StringBuilder();
                    if (rs.getBoolean(5)) {
                        extra.append("\nALTER TABLE ").append(qtable).append(" CLUSTER ON ").append(ident(idxName)).append(";\n");
                    }
                    if (rs.getBoolean(6)) {
                        extra.append("\nALTER TABLE ONLY ").append(qtable).append(" REPLICA IDENTITY USING INDEX ")
                                .append(ident(idxName)).append(";\n");
                    }
                    DumpObject o;
                    if (rs.getString(8) != null) {
                        String con = rs.getString(8);
                        o = new DumpObject(ObjectKind.CONSTRAINT, CatalogId.of("pg_constraint", rs.getLong(7)),
                                table.namespace(), con, table.name())
                                .tag(table.name() + " " + con).desc("CONSTRAINT").owner(table.owner())
                                .definition("ALTER TABLE ONLY " + qtable + "\n    ADD CONSTRAINT " + ident(con) + " "
                                        + keyDefinition(rs.getString(9), rs.getString(15), list(rs.getArray(16))) + ";\n" + extra)
                                .drop("ALTER TABLE ONLY " + qtable + " DROP CONSTRAINT " + ident(con) + ";\n");
                        catalog.alias(CatalogId.of("pg_class", rs.getLong(1)), o);
                        Acls.comment(o, "CONSTRAINT " + ident(con) + " ON " + ident(table.name()),
                                "CONSTRAINT " + ident(con) + " ON " + qtable, rs.getString(12));
                    } else {
                        o = new DumpObject(ObjectKind.INDEX, CatalogId.of("pg_class", rs.getLong(1)), table.namespace(), idxName, null)
                                .desc("INDEX").owner(table.owner()).definition(rs.getString(4) + ";\n" + extra)
                                .drop("DROP INDEX " + qidx + ";\n");
                        Acls.comment(o, "INDEX " + ident(idxName), "INDEX " + qidx, rs.getString(11));
                    }
                    o.owner(table.owner()).parent(table).tablespace(rs.getString(10));
                    o.dependOn(table);
                    catalog.add(o);
                    long parentIdx = rs.getLong(13);
                    if (!rs.wasNull()) {
                        indexParents.put(rs.getLong(1), parentIdx);
                        indexNames.put(rs.getLong(1), qidx);
                    }
                    indexNames.put(rs.getLong(1), qidx);
                    return null;
                });
        indexParents.forEach((child, parent) -> {
            DumpObject c = catalog.find("pg_class", child);
            DumpObject p = catalog.find("pg_class", parent);
            if (c == null || p == null) {
                return;
            }
            String childName = indexNames.get(child);
            DumpObject attach = new DumpObject(ObjectKind.INDEX_ATTACH, null, c.namespace(),
                    childName.substring(childName.lastIndexOf('.') + 1).replace("\"", ""), null)
                    .desc("INDEX ATTACH").owner(c.owner()).parent(c.parent())
                    .definition("ALTER INDEX " + indexNames.get(parent) + " ATTACH PARTITION " + childName + ";\n");
            // pg_dump's getIndexes names both indexes and both tables (the tables so that a parallel
            // restore does not run the ATTACH beside other work on them). A constraint's index is
            // not dumped on its own, so pg_dump's findDumpableDependencies reaches through it to
            // what it depends on: its constraint, its table and its own parent index, up the tree
            // to the first index dumped on its own.
            reachThroughIndex(attach, child);
            reachThroughIndex(attach, parent);
            attach.dependOn(c.parent());
            attach.dependOn(p.parent());
            catalog.add(attach);
            attachments.computeIfAbsent(parent, k -> new ArrayList<>()).add(new IndexAttachment(child, attach));
        });
    }

    /**
     * Makes {@code attach} depend on the index {@code indexOid} as pg_dump's dependency search
     * sees it: an index dumped on its own is a dependency in itself; a constraint's index stands
     * for its constraint, its table (when it is a partition's index) and its parent index.
     */
    private void reachThroughIndex(DumpObject attach, long indexOid) {
        for (Long idx = indexOid; idx != null; idx = indexParents.get(idx)) {
            DumpObject o = catalog.find("pg_class", idx);
            if (o == null) {
                return;
            }
            attach.dependOn(o);
            if (o.kind() != ObjectKind.CONSTRAINT) {
                return;
            }
            if (indexParents.containsKey(idx)) {
                attach.dependOn(o.parent());
            }
        }
    }

    /** An INDEX ATTACH object and the partition's index it attaches. */
    private record IndexAttachment(long childIndex, DumpObject attach) {
    }

    private final Map<Long, Long> indexParents = new HashMap<>();
    private final Map<Long, String> indexNames = new HashMap<>();
    /** The attachments of each partitioned index's partitions' indexes, by partitioned index oid. */
    private final Map<Long, List<IndexAttachment>> attachments = new HashMap<>();

    /**
     * pg_dump's addConstrChildIdxDeps: a foreign key to a partitioned table waits until its unique
     * index is valid, that is until every partition's index is attached, at every level.
     */
    private void dependOnAttachments(DumpObject foreignKey, long indexOid) {
        for (IndexAttachment a : attachments.getOrDefault(indexOid, List.of())) {
            foreignKey.dependOn(a.attach());
            dependOnAttachments(foreignKey, a.childIndex());
        }
    }

    private void readForeignKeys() {
        session.query("foreign keys",
                "SELECT c.oid, c.conrelid, c.conname, pg_catalog.pg_get_constraintdef(c.oid), "
                        + "pg_catalog.obj_description(c.oid, 'pg_constraint'), c.confrelid, c.conindid "
                        + "FROM pg_catalog.pg_constraint c WHERE c.contype = 'f' AND c.conparentid = 0 ORDER BY c.oid",
                rs -> {
                    DumpObject table = relations.get(rs.getLong(2));
                    if (table == null || table.relation() == null) {
                        return null;
                    }
                    String only = table.relation().relkind() == 'p' ? "" : "ONLY ";
                    String qtable = table.relation().qualifiedName();
                    String name = rs.getString(3);
                    DumpObject o = new DumpObject(ObjectKind.FK_CONSTRAINT, CatalogId.of("pg_constraint", rs.getLong(1)),
                            table.namespace(), name, table.name())
                            .tag(table.name() + " " + name).desc("FK CONSTRAINT").owner(table.owner()).parent(table)
                            .definition("ALTER TABLE " + only + qtable + "\n    ADD CONSTRAINT " + ident(name) + " " + rs.getString(4) + ";\n")
                            .drop("ALTER TABLE " + only + qtable + " DROP CONSTRAINT " + ident(name) + ";\n");
                    o.dependOn(table);
                    Acls.comment(o, "CONSTRAINT " + ident(name) + " ON " + ident(table.name()),
                            "CONSTRAINT " + ident(name) + " ON " + qtable, rs.getString(5));
                    catalog.add(o);
                    DumpObject referenced = relations.get(rs.getLong(6));
                    if (referenced != null) {
                        foreignKeyTables.add(new DumpObject[] {table, referenced});
                        if (referenced.relation() != null && referenced.relation().relkind() == 'p') {
                            dependOnAttachments(o, rs.getLong(7));
                        }
                    }
                    return null;
                });
    }

    private final List<DumpObject[]> foreignKeyTables = new ArrayList<>();

    /** Each foreign key as {referencing table, referenced table}: data-only dumps order data by them. */
    public List<DumpObject[]> foreignKeyTables() {
        return foreignKeyTables;
    }

    private void readTriggers() {
        String where = session.atLeast(13)
                ? "((NOT t.tgisinternal AND t.tgparentid = 0) OR (t.tgparentid <> 0 AND t.tgenabled <> "
                  + "(SELECT u.tgenabled FROM pg_catalog.pg_trigger u WHERE u.oid = t.tgparentid)))"
                : "NOT t.tgisinternal";
        boolean v13 = session.atLeast(13);
        session.query("triggers",
                "SELECT t.oid, t.tgrelid, t.tgname, pg_catalog.pg_get_triggerdef(t.oid, false), t.tgenabled, "
                        + "pg_catalog.obj_description(t.oid, 'pg_trigger'), " + (v13 ? "t.tgparentid <> 0" : "false") + " "
                        + "FROM pg_catalog.pg_trigger t WHERE " + where + " ORDER BY t.oid",
                rs -> {
                    DumpObject table = relations.get(rs.getLong(2));
                    if (table == null || table.relation() == null) {
                        return null;
                    }
                    String name = rs.getString(3);
                    String qtable = table.relation().qualifiedName();
                    String foreign = table.relation().relkind() == 'f' ? "FOREIGN " : "";
                    StringBuilder q = new StringBuilder();
                    boolean clone = rs.getBoolean(7);
                    if (!clone) {
                        q.append(rs.getString(4)).append(";\n");
                    }
                    String enabled = rs.getString(5);
                    if (!"O".equals(enabled) && !"t".equals(enabled) || clone) {
                        // no ONLY, as pg_dump writes it: on a partition that is itself partitioned the
                        // state carries down to its partitions, whose own differing states follow (see below)
                        q.append(clone ? "" : "\n").append("ALTER ").append(foreign).append("TABLE ")
                                .append(qtable).append(' ').append(switch (enabled) {
                                    case "D", "f" -> "DISABLE";
                                    case "A" -> "ENABLE ALWAYS";
                                    case "R" -> "ENABLE REPLICA";
                                    default -> "ENABLE";
                                }).append(" TRIGGER ").append(ident(name)).append(";\n");
                    }
                    DumpObject o = new DumpObject(ObjectKind.TRIGGER, CatalogId.of("pg_trigger", rs.getLong(1)),
                            table.namespace(), name, table.name())
                            .tag(table.name() + " " + name).desc("TRIGGER").owner(table.owner()).parent(table)
                            .definition(q.toString())
                            .drop(clone ? "" : "DROP TRIGGER " + ident(name) + " ON " + qtable + ";\n");
                    o.dependOn(table);
                    Acls.comment(o, "TRIGGER " + ident(name) + " ON " + ident(table.name()),
                            "TRIGGER " + ident(name) + " ON " + qtable, rs.getString(6));
                    catalog.add(o);
                    return null;
                });
        if (v13) {
            orderTriggerClones();
        }
    }

    /**
     * A partition's trigger clone is dumped only as an ALTER of its state, which both needs the
     * ancestor's CREATE TRIGGER and must follow every ancestor clone's ALTER (those recurse into
     * the partitions below): an edge to the nearest dumped ancestor, which itself follows the ones
     * above. pg_depend ties a clone to its parent trigger, and pg_dump has that edge when the
     * parent is dumped; when the parent is a clone in the same state, and so not dumped, pg_dump
     * has no trigger to name and leaves the clone without an order, where the plan names the
     * nearest ancestor that is dumped (so parallel restore cannot run the ALTER first).
     */
    private void orderTriggerClones() {
        Map<Long, Long> parents = new HashMap<>();
        session.query("trigger clones",
                "SELECT t.oid, t.tgparentid FROM pg_catalog.pg_trigger t WHERE t.tgparentid <> 0",
                rs -> parents.put(rs.getLong(1), rs.getLong(2)));
        for (Map.Entry<Long, Long> e : parents.entrySet()) {
            DumpObject clone = catalog.find("pg_trigger", e.getKey());
            if (clone == null) {
                continue;
            }
            for (Long up = e.getValue(); up != null; up = parents.get(up)) {
                DumpObject ancestor = catalog.find("pg_trigger", up);
                if (ancestor != null) {
                    clone.dependOn(ancestor);
                    break;
                }
            }
        }
    }

    private void readRules() {
        session.query("rules",
                "SELECT r.oid, r.rulename, r.ev_class, r.ev_type, r.is_instead, r.ev_enabled, pg_catalog.pg_get_ruledef(r.oid), "
                        + "pg_catalog.obj_description(r.oid, 'pg_rewrite') FROM pg_catalog.pg_rewrite r "
                        // only user relations' rules: deparsing the system views' rules too took most of the query's time
                        + "JOIN pg_catalog.pg_class c ON c.oid = r.ev_class JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE " + USER_NS + " ORDER BY r.oid",
                rs -> {
                    DumpObject table = relations.get(rs.getLong(3));
                    if (table == null || table.relation() == null) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String qtable = table.relation().qualifiedName();
                    boolean viewRule = "_RETURN".equals(name) && (table.relation().relkind() == 'v' || table.relation().relkind() == 'm');
                    DumpObject o = new DumpObject(ObjectKind.RULE, CatalogId.of("pg_rewrite", rs.getLong(1)),
                            table.namespace(), name, table.name())
                            .tag(table.name() + " " + name).desc("RULE").owner(table.owner()).parent(table);
                    if (viewRule) {
                        // merged into its view unless the view has to be split (see DumpPlanner)
                        viewRules.put(table, o);
                        catalog.add(o);
                        return null;
                    }
                    StringBuilder q = new StringBuilder(rs.getString(7)).append('\n');
                    String enabled = rs.getString(6);
                    if (!"O".equals(enabled)) {
                        q.append("ALTER TABLE ").append(qtable).append(' ').append(switch (enabled) {
                            case "A" -> "ENABLE ALWAYS RULE ";
                            case "R" -> "ENABLE REPLICA RULE ";
                            default -> "DISABLE RULE ";
                        }).append(ident(name)).append(";\n");
                    }
                    o.definition(q.toString()).drop("DROP RULE " + ident(name) + " ON " + qtable + ";\n");
                    o.dependOn(table);
                    Acls.comment(o, "RULE " + ident(name) + " ON " + ident(table.name()),
                            "RULE " + ident(name) + " ON " + qtable, rs.getString(8));
                    catalog.add(o);
                    return null;
                });
    }

    /** In reading order: which view a loop repair splits must not depend on hash codes. */
    private final Map<DumpObject, DumpObject> viewRules = new java.util.LinkedHashMap<>();

    /** The ON SELECT rule of each view and materialized view. */
    public Map<DumpObject, DumpObject> viewRules() {
        return viewRules;
    }

    // ---------------------------------------------------------------- dependencies

    private DumpObject resolve(String catalogName, long oid) {
        DumpObject o = catalog.find(catalogName, oid);
        if (o != null) {
            return o;
        }
        if ("pg_type".equals(catalogName)) {
            Long elem = arrayTypes.get(oid);
            if (elem != null) {
                return resolve("pg_type", elem);
            }
            Long rel = rowTypes.get(oid);
            if (rel != null) {
                return catalog.find("pg_class", rel);
            }
        }
        Long extension = memberOf.get(catalogName + ":" + oid);
        return extension == null ? null : catalog.find("pg_extension", extension);
    }

    /** One pg_depend row. */
    private record DependRow(String fromCatalog, long objid, String toCatalog, long refobjid) {
    }

    private void readDependencies() {
        List<DependRow> rows = session.query("dependencies",
                "SELECT classid::pg_catalog.regclass::text, objid, refclassid::pg_catalog.regclass::text, refobjid "
                        + "FROM pg_catalog.pg_depend WHERE deptype NOT IN ('p', 'e') AND classid <> 0 ORDER BY classid, objid",
                rs -> new DependRow(catalogName(rs.getString(1)), rs.getLong(2), catalogName(rs.getString(3)), rs.getLong(4)));
        // An array type is not dumped: pg_dump's findDumpableDependencies reaches through it to
        // what it depends on, its element type and the element's typmod in/out functions, which
        // array types share (a column of type t(8)[] makes its table depend on them too). The
        // array's own edges are collected first, as the edges into it may come in any order.
        Map<Long, List<DumpObject>> arrayDeps = new HashMap<>();
        for (DependRow r : rows) {
            if ("pg_type".equals(r.fromCatalog()) && arrayTypes.containsKey(r.objid())) {
                DumpObject to = resolve(r.toCatalog(), r.refobjid());
                if (to != null) {
                    arrayDeps.computeIfAbsent(r.objid(), k -> new ArrayList<>()).add(to);
                }
            }
        }
        for (DependRow r : rows) {
            if ("pg_type".equals(r.fromCatalog()) && arrayTypes.containsKey(r.objid())) {
                continue;
            }
            DumpObject from = dependant(r);
            if (from != null) {
                if ("pg_type".equals(r.toCatalog()) && arrayTypes.containsKey(r.refobjid())) {
                    arrayDeps.getOrDefault(r.refobjid(), List.of()).forEach(d -> addDependency(from, d));
                }
                addDependency(from, resolve(r.toCatalog(), r.refobjid()));
            }
        }
    }

    /** The object a pg_depend row's dependent side stands for, or null when the row is not ours. */
    private DumpObject dependant(DependRow r) {
        // a member's own dependencies are the extension's business, not the extension's order
        if (memberOf.containsKey(r.fromCatalog() + ":" + r.objid())) {
            return null;
        }
        return resolve(r.fromCatalog(), r.objid());
    }

    private void addDependency(DumpObject from, DumpObject to) {
        if (to == null || to == from) {
            return;
        }
        // a view's ON SELECT rule depends on its view internally: that edge is the rule's, not a real order
        if (from.kind() == ObjectKind.RULE && to == from.parent() && viewRules.get(to) == from) {
            return;
        }
        // a column default or CHECK depends on its own table or domain: implied by the merge, or added when split
        if ((from.kind() == ObjectKind.ATTRDEF || from.kind() == ObjectKind.CONSTRAINT) && to == from.parent()) {
            return;
        }
        from.dependOn(to);
    }
}
