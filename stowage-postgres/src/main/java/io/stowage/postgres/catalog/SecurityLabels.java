package io.stowage.postgres.catalog;

import io.stowage.core.archive.Section;
import io.stowage.postgres.sql.DumpQuoting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * Security labels (pg_seclabel), written as pg_dump's dumpSecLabel and dumpTableSecLabel write
 * them: one SECURITY LABEL entry per labeled object, tagged like its comment, holding one
 * {@code SECURITY LABEL FOR provider ON ...} statement per provider; a table's column labels get an
 * entry per column. The database's own labels (pg_shseclabel) belong to the {@code -C} entries.
 */
public final class SecurityLabels {
    /** Relation types pg_dump labels by their TOC type (reltypename). */
    private static final Set<String> RELATION_TYPES = Set.of("TABLE", "VIEW", "MATERIALIZED VIEW", "FOREIGN TABLE", "SEQUENCE");

    /**
     * One pg_seclabel row; {@code column} is the attribute name when {@code subId} is not 0, and
     * {@code identityArguments} a function's pg_get_function_identity_arguments (null otherwise).
     */
    public record Label(String catalog, long oid, int subId, String column, String provider, String label,
                        String identityArguments) {
        /** A label on anything but a function. */
        public Label(String catalog, long oid, int subId, String column, String provider, String label) {
            this(catalog, oid, subId, column, provider, label, null);
        }
    }

    /** One entry's worth of labels: the object (by identity), the entry tag and the statement target. */
    private record Target(DumpObject object, String tag, String target) {
    }

    private SecurityLabels() {
    }

    /**
     * The query that reads every label of the database, in pg_dump's order (collectSecLabels, which
     * reads the pg_seclabels view): pg_seclabel, and from pg_shseclabel the labels of this
     * database's subscriptions, which live in a shared catalog. The database's own label belongs to
     * the {@code -C} entries; roles and tablespaces are pg_dumpall's.
     */
    public static final String QUERY = "SELECT l.classoid::pg_catalog.regclass::text, l.objoid, l.objsubid, a.attname, "
            + "l.provider, l.label, CASE WHEN l.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass "
            + "THEN pg_catalog.pg_get_function_identity_arguments(l.objoid) END FROM (SELECT classoid, objoid, objsubid, provider, label FROM pg_catalog.pg_seclabel "
            + "UNION ALL SELECT s.classoid, s.objoid, 0, s.provider, s.label FROM pg_catalog.pg_shseclabel s "
            + "JOIN pg_catalog.pg_subscription sub ON sub.oid = s.objoid "
            + "WHERE s.classoid = 'pg_catalog.pg_subscription'::pg_catalog.regclass "
            + "AND sub.subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())) l "
            + "LEFT JOIN pg_catalog.pg_attribute a ON l.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass "
            + "AND a.attrelid = l.objoid AND a.attnum = l.objsubid AND l.objsubid > 0 "
            + "ORDER BY l.classoid, l.objoid, l.objsubid, l.provider";

    /** Reads every label and attaches it to its object in {@code catalog}. */
    public static void read(CatalogSession session, Catalog catalog) {
        List<Label> labels = new ArrayList<>();
        session.query("security labels", QUERY, rs -> labels.add(new Label(strip(rs.getString(1)), rs.getLong(2),
                rs.getInt(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7))));
        attach(labels, catalog);
    }

    /** Attaches {@code labels} (ordered by object and sub-object) as SECURITY LABEL satellites. */
    static void attach(List<Label> labels, Catalog catalog) {
        Map<Target, List<Label>> byTarget = new LinkedHashMap<>();
        for (Label l : labels) {
            DumpObject o = catalog.find(l.catalog(), l.oid());
            if (o == null || o.id() == null || !o.id().equals(CatalogId.of(l.catalog(), l.oid()))) {
                continue; // not dumped (system or extension member), or a sub-object merged into another
            }
            String[] tagAndTarget = tagAndTarget(o, l);
            if (tagAndTarget != null) {
                byTarget.computeIfAbsent(new Target(o, tagAndTarget[0], tagAndTarget[1]), k -> new ArrayList<>()).add(l);
            }
        }
        for (Map.Entry<Target, List<Label>> e : byTarget.entrySet()) {
            DumpObject o = e.getKey().object();
            StringBuilder sql = new StringBuilder();
            for (Label l : e.getValue()) {
                sql.append(statement(l.provider(), e.getKey().target(), l.label()));
            }
            Satellite s = new Satellite("SECURITY LABEL", e.getKey().tag(), o.namespace(), o.owner(), Section.NONE, sql.toString());
            // after the object's comments, before its ACL, as pg_dump's dump functions call them
            int at = o.satellites().size();
            for (int i = 0; i < o.satellites().size(); i++) {
                if (o.satellites().get(i).desc().equals("ACL")) {
                    at = i;
                    break;
                }
            }
            o.satellites().add(at, s);
        }
    }

    /** {@code SECURITY LABEL FOR provider ON target IS 'label';} */
    public static String statement(String provider, String target, String label) {
        return "SECURITY LABEL FOR " + ident(provider) + " ON " + target + " IS " + DumpQuoting.stringLiteral(label) + ";\n";
    }

    /** The entry tag and the statement's target for a label on {@code o}, or null when pg_dump does not label it. */
    static String[] tagAndTarget(DumpObject o, Label l) {
        String desc = o.desc();
        if (desc == null) {
            return null;
        }
        String ns = o.namespace() == null ? "" : ident(o.namespace()) + ".";
        String name = ident(o.name());
        switch (l.catalog()) {
            case "pg_class" -> {
                if (!RELATION_TYPES.contains(desc)) {
                    return null;
                }
                if (l.subId() != 0) {
                    if (l.column() == null) {
                        return null;
                    }
                    String col = name + "." + ident(l.column());
                    return new String[] {"COLUMN " + col, "COLUMN " + ns + col};
                }
                return new String[] {desc + " " + name, desc + " " + ns + name};
            }
            case "pg_proc" -> {
                if (!desc.equals("AGGREGATE") && l.identityArguments() != null) {
                    // dumpFunc labels (and comments) with funcsig, the identity arguments: a
                    // procedure's include their modes, "p(IN integer)"; an aggregate keeps aggsig
                    String sig = name + "(" + l.identityArguments() + ")";
                    return new String[] {desc + " " + sig, desc + " " + ns + sig};
                }
                String sig = o.tag().startsWith(o.name()) ? name + o.tag().substring(o.name().length()) : o.tag();
                return new String[] {desc + " " + sig, desc + " " + ns + sig};
            }
            case "pg_type" -> {
                return desc.equals("TYPE") || desc.equals("DOMAIN") ? new String[] {desc + " " + name, desc + " " + ns + name} : null;
            }
            case "pg_language" -> {
                // dumpProcLang labels it as LANGUAGE, though its entry is a PROCEDURAL LANGUAGE
                return new String[] {"LANGUAGE " + name, "LANGUAGE " + name};
            }
            case "pg_namespace", "pg_event_trigger", "pg_publication", "pg_subscription" -> {
                return new String[] {desc + " " + name, desc + " " + name};
            }
            case "pg_largeobject" -> {
                return new String[] {"LARGE OBJECT " + l.oid(), "LARGE OBJECT " + l.oid()};
            }
            default -> {
                return null;
            }
        }
    }

    private static String strip(String regclass) {
        return regclass.startsWith("pg_catalog.") ? regclass.substring("pg_catalog.".length()) : regclass;
    }
}
