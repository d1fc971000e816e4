package io.stowage.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one database into a {@link Snapshot}: for every user object, its identity (kind and
 * schema-qualified name, never an OID) and its properties as text.
 *
 * <p>The caller has set {@code search_path} to empty, so {@code reg*} casts, {@code format_type}
 * and the {@code pg_get_*def} functions qualify every name outside pg_catalog. Each query lists one
 * object per row: the first column is the name, every other column a property named by its label.
 */
final class CatalogReader {

    /** Objects by kind and name, each with its properties in a stable order. */
    static final class Snapshot {
        final Map<Key, Map<String, String>> objects = new TreeMap<>();

        Map<String, String> object(ObjectKind kind, String name) {
            return objects.computeIfAbsent(new Key(kind, name), k -> new LinkedHashMap<>());
        }
    }

    /** An object's identity. */
    record Key(ObjectKind kind, String name) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = kind.compareTo(o.kind);
            return c != 0 ? c : name.compareTo(o.name);
        }
    }

    // Schemas that hold no user objects: the system catalogs, TOAST and temporary schemas.
    private static String userSchema(String n) {
        return n + ".nspname NOT IN ('pg_catalog', 'information_schema') AND " + n + ".nspname !~ '^pg_(toast|temp_)'";
    }

    // Objects an extension created are the extension's business (pg_dump skips them too).
    private static String notExtensionMember(String catalog, String oid) {
        return "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '" + catalog + "'::regclass AND e.objid = " + oid
                + " AND e.deptype = 'e')";
    }

    // ACL items sorted, and "default" for NULL or an ACL equal to the built-in default: GRANT order
    // and an explicit default-equal ACL are no differences, nor is the default itself changing
    // between majors (17 added MAINTAIN to the owner's table privileges).
    private String acl(String acl, char objectType, String owner) {
        String sorted = sortedAcl(acl);
        String sortedDefault = sortedAcl("acldefault('" + objectType + "', " + owner + ")");
        return "CASE WHEN " + acl + " IS NULL OR " + sorted + " = " + sortedDefault + " THEN 'default' ELSE " + sorted + " END";
    }

    private String sortedAcl(String acl) {
        // aclitem text is grantee=privileges/grantor; MAINTAIN (m, 17+) cannot be compared with a major that lacks it.
        String item = ignoreMaintain ? "regexp_replace(a::text, '=([^/]*)m\\*?', '=\\1')" : "a::text";
        return "(SELECT string_agg(" + item + ", ',' ORDER BY " + item + ") FROM unnest(" + acl + ") a)";
    }

    private static String sortedOptions(String options) {
        return "(SELECT string_agg(o, ', ' ORDER BY o) FROM unnest(" + options + ") o)";
    }

    // regcollation only exists from 13.
    private static String collation(String oid) {
        return "(SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co"
                + " JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = " + oid + ")";
    }

    // A relation's own tablespace; 0 (the database's default) reads as none.
    private static String tablespace(String oid) {
        return "(SELECT quote_ident(ts.spcname) FROM pg_tablespace ts WHERE ts.oid = " + oid + ")";
    }

    /**
     * The database itself, under one name whatever it is called (the two compared databases
     * usually have different names): what pg_dump -C carries, i.e. encoding, locale provider and
     * locales, tablespace, connection limit, template flag, owner, ACL, comment, security labels,
     * its own settings and its roles' settings in it.
     */
    private String databaseQuery() {
        String provider = serverVersion >= 150000 ? "d.datlocprovider::text" : "'c'";
        String locale = serverVersion >= 170000 ? "d.datlocale" : serverVersion >= 150000 ? "d.daticulocale" : "NULL::text";
        String rules = serverVersion >= 160000 ? "d.daticurules" : "NULL::text";
        return "SELECT 'current database' AS name, pg_encoding_to_char(d.encoding) AS encoding, d.datcollate AS collate,"
                + " d.datctype AS ctype, " + provider + " AS \"locale provider\", " + locale + " AS locale, "
                + rules + " AS \"icu rules\", " + tablespace("d.dattablespace") + " AS tablespace,"
                + " d.datconnlimit AS \"connection limit\", d.datistemplate AS template, " + owner("d.datdba") + " AS owner,"
                + " " + acl("d.datacl", 'd', "d.datdba") + " AS acl, shobj_description(d.oid, 'pg_database') AS comment,"
                + " (SELECT string_agg(l.provider || '=' || l.label, ', ' ORDER BY l.provider) FROM pg_shseclabel l"
                + "    WHERE l.classoid = 'pg_database'::regclass AND l.objoid = d.oid) AS \"security labels\","
                + " (SELECT array_to_string(s.setconfig, ', ') FROM pg_db_role_setting s"
                + "    WHERE s.setdatabase = d.oid AND s.setrole = 0) AS settings,"
                + " (SELECT string_agg(quote_ident(r.rolname) || ': ' || array_to_string(s.setconfig, ', '), '; ' ORDER BY r.rolname)"
                + "    FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE s.setdatabase = d.oid) AS \"role settings\""
                + " FROM pg_database d WHERE d.datname = current_database()";
    }

    private static String owner(String roleOid) {
        return "pg_get_userbyid(" + roleOid + ")";
    }

    private static final String REL = "quote_ident(n.nspname) || '.' || quote_ident(c.relname)";

    private final int serverVersion;
    private final boolean notNullConstraints;
    private final boolean ignoreMaintain;
    private final boolean triggerClones;

    /**
     * @param serverVersion      this server's {@code server_version_num}
     * @param notNullConstraints compare NOT NULL constraints (contype 'n', catalogued from 18); only
     *                           meaningful when both servers are 18 or newer, otherwise attnotnull covers them
     * @param ignoreMaintain     drop the MAINTAIN privilege from ACLs, when one server predates 17
     * @param triggerClones      compare the clones of partitioned tables' triggers on each partition
     *                           (their enable state can differ from the parent's); only meaningful when
     *                           both servers are 13 or newer, where clones are ordinary catalogued triggers
     */
    CatalogReader(int serverVersion, boolean notNullConstraints, boolean ignoreMaintain, boolean triggerClones) {
        this.serverVersion = serverVersion;
        this.notNullConstraints = notNullConstraints;
        this.ignoreMaintain = ignoreMaintain;
        this.triggerClones = triggerClones && serverVersion >= 130000;
    }

    Snapshot read(Connection c, boolean contents, boolean database) throws SQLException {
        Snapshot snapshot = new Snapshot();
        for (Map.Entry<ObjectKind, String> q : queries()) {
            if (q.getKey() == ObjectKind.DATABASE && !database) {
                continue;
            }
            readQuery(c, q.getKey(), q.getValue(), snapshot);
        }
        readSequenceValues(c, snapshot);
        if (contents) {
            readContents(c, snapshot);
        }
        return snapshot;
    }

    private List<Map.Entry<ObjectKind, String>> queries() {
        List<Map.Entry<ObjectKind, String>> q = new ArrayList<>();
        q.add(Map.entry(ObjectKind.DATABASE, databaseQuery()));
        q.add(Map.entry(ObjectKind.EXTENSION,
                "SELECT quote_ident(x.extname) AS name, x.extversion AS version, x.extnamespace::regnamespace::text AS schema,"
                        + " obj_description(x.oid, 'pg_extension') AS comment FROM pg_extension x"));
        q.add(Map.entry(ObjectKind.SCHEMA,
                "SELECT quote_ident(n.nspname) AS name, " + owner("n.nspowner") + " AS owner, "
                        + acl("n.nspacl", 'n', "n.nspowner") + " AS acl, obj_description(n.oid, 'pg_namespace') AS comment"
                        + " FROM pg_namespace n WHERE " + userSchema("n") + " AND " + notExtensionMember("pg_namespace", "n.oid")));
        q.add(Map.entry(ObjectKind.TYPE, typeQuery()));
        addObjectFamilyQueries(q);
        q.add(Map.entry(ObjectKind.DOMAIN,
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(t.typname) AS name,"
                        + " format_type(t.typbasetype, t.typtypmod) AS \"base type\","
                        + " pg_get_expr(t.typdefaultbin, 0) AS default, t.typnotnull AS \"not null\","
                        + " CASE WHEN t.typcollation <> b.typcollation THEN " + collation("t.typcollation") + " END AS collation,"
                        + " " + owner("t.typowner") + " AS owner, " + acl("t.typacl", 'T', "t.typowner") + " AS acl,"
                        + " obj_description(t.oid, 'pg_type') AS comment"
                        + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_type b ON b.oid = t.typbasetype"
                        + " WHERE t.typtype = 'd' AND " + userSchema("n") + " AND " + notExtensionMember("pg_type", "t.oid")));
        q.add(Map.entry(ObjectKind.SEQUENCE,
                "SELECT " + REL + " AS name, format_type(s.seqtypid, NULL) AS \"data type\", s.seqstart AS start,"
                        + " s.seqincrement AS increment, s.seqmin AS minvalue, s.seqmax AS maxvalue, s.seqcache AS cache,"
                        + " s.seqcycle AS cycle, c.relpersistence AS persistence,"
                        + " (SELECT quote_ident(rn.nspname) || '.' || quote_ident(rc.relname) || '.' || quote_ident(ra.attname)"
                        + "    FROM pg_depend d JOIN pg_class rc ON rc.oid = d.refobjid JOIN pg_namespace rn ON rn.oid = rc.relnamespace"
                        + "    JOIN pg_attribute ra ON ra.attrelid = d.refobjid AND ra.attnum = d.refobjsubid"
                        + "    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass"
                        + "    AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')) AS \"owned by\","
                        + " " + owner("c.relowner") + " AS owner, " + acl("c.relacl", 's', "c.relowner") + " AS acl,"
                        + " obj_description(c.oid, 'pg_class') AS comment"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid"
                        + " WHERE c.relkind = 'S' AND " + userSchema("n") + " AND " + notExtensionMember("pg_class", "c.oid")));
        q.add(Map.entry(ObjectKind.TABLE,
                "SELECT " + REL + " AS name,"
                        + " CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' ELSE 'foreign table' END AS relkind,"
                        + " CASE c.relpersistence WHEN 'u' THEN 'unlogged' WHEN 't' THEN 'temporary' ELSE 'permanent' END AS persistence,"
                        + " pg_get_partkeydef(c.oid) AS \"partition key\", pg_get_expr(c.relpartbound, c.oid) AS \"partition bound\","
                        + " (SELECT string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno) FROM pg_inherits i"
                        + "    WHERE i.inhrelid = c.oid) AS parents,"
                        + " " + sortedOptions("c.reloptions") + " AS options,"
                        + " (SELECT amname FROM pg_am WHERE oid = c.relam) AS \"access method\","
                        + " CASE WHEN c.reloftype <> 0 THEN c.reloftype::regtype::text END AS \"of type\","
                        + " CASE c.relreplident WHEN 'd' THEN 'default' WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full'"
                        + "   ELSE 'using index ' || coalesce((SELECT quote_ident(ic.relname) FROM pg_index x JOIN pg_class ic"
                        + "     ON ic.oid = x.indexrelid WHERE x.indrelid = c.oid AND x.indisreplident), '?') END AS \"replica identity\","
                        + " c.relrowsecurity AS \"row security\", c.relforcerowsecurity AS \"force row security\","
                        + " " + tablespace("c.reltablespace") + " AS tablespace,"
                        + " (SELECT quote_ident(s.srvname) FROM pg_foreign_table ft JOIN pg_foreign_server s ON s.oid = ft.ftserver"
                        + "    WHERE ft.ftrelid = c.oid) AS server,"
                        + " " + sortedOptions("(SELECT ft.ftoptions FROM pg_foreign_table ft WHERE ft.ftrelid = c.oid)")
                        + " AS \"foreign options\","
                        + " " + owner("c.relowner") + " AS owner, " + acl("c.relacl", 'r', "c.relowner") + " AS acl,"
                        + " obj_description(c.oid, 'pg_class') AS comment"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE c.relkind IN ('r', 'p', 'f') AND " + userSchema("n") + " AND " + notExtensionMember("pg_class", "c.oid")));
        q.add(Map.entry(ObjectKind.COLUMN, columnQuery()));
        q.add(Map.entry(ObjectKind.CONSTRAINT, constraintQuery()));
        q.add(Map.entry(ObjectKind.INDEX,
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS name, pg_get_indexdef(x.indexrelid) AS definition,"
                        + " x.indisclustered AS clustered,"
                        + " (SELECT string_agg(ia.attnum || '=' || " + statisticsTarget("ia.attstattarget") + ", ', ' ORDER BY ia.attnum)"
                        + "    FROM pg_attribute ia WHERE ia.attrelid = x.indexrelid AND " + statisticsTarget("ia.attstattarget")
                        + "    IS NOT NULL) AS \"column statistics targets\","
                        + " (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = x.indexrelid) AS \"parent index\","
                        + " " + tablespace("ic.reltablespace") + " AS tablespace,"
                        + " obj_description(ic.oid, 'pg_class') AS comment"
                        + " FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace"
                        + " WHERE " + userSchema("n") + " AND " + notExtensionMember("pg_class", "ic.oid")
                        + " AND " + notExtensionMember("pg_class", "x.indrelid")));
        q.add(Map.entry(ObjectKind.VIEW, viewQuery('v')));
        q.add(Map.entry(ObjectKind.MATERIALIZED_VIEW, viewQuery('m')));
        q.add(Map.entry(ObjectKind.FUNCTION, functionQuery("'f', 'w'")));
        q.add(Map.entry(ObjectKind.PROCEDURE, functionQuery("'p'")));
        q.add(Map.entry(ObjectKind.AGGREGATE,
                "SELECT p.oid::regprocedure::text AS name, a.aggkind AS \"aggregate kind\", a.aggnumdirectargs AS \"direct args\","
                        + " a.aggtransfn::regproc::text AS sfunc, a.aggtranstype::regtype::text AS stype, a.aggtransspace AS sspace,"
                        + " a.aggfinalfn::regproc::text AS finalfunc, a.aggfinalextra AS finalfunc_extra,"
                        + " a.aggfinalmodify AS finalfunc_modify, a.aggcombinefn::regproc::text AS combinefunc,"
                        + " a.aggserialfn::regproc::text AS serialfunc, a.aggdeserialfn::regproc::text AS deserialfunc,"
                        + " a.agginitval AS initcond, a.aggmtransfn::regproc::text AS msfunc,"
                        + " a.aggminvtransfn::regproc::text AS minvfunc, a.aggmtranstype::regtype::text AS mstype,"
                        + " a.aggmtransspace AS msspace, a.aggmfinalfn::regproc::text AS mfinalfunc,"
                        + " a.aggmfinalextra AS mfinalfunc_extra, a.aggmfinalmodify AS mfinalfunc_modify,"
                        + " a.aggminitval AS minitcond, a.aggsortop::regoperator::text AS sortop, p.proparallel AS parallel,"
                        + " " + owner("p.proowner") + " AS owner, " + acl("p.proacl", 'f', "p.proowner") + " AS acl,"
                        + " obj_description(p.oid, 'pg_proc') AS comment"
                        + " FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE " + userSchema("n") + " AND " + notExtensionMember("pg_proc", "p.oid")));
        q.add(Map.entry(ObjectKind.TRIGGER,
                "SELECT " + REL + " || '.' || quote_ident(t.tgname) AS name, pg_get_triggerdef(t.oid) AS definition,"
                        + " CASE t.tgenabled WHEN 'O' THEN 'enabled' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'"
                        + "   WHEN 'A' THEN 'always' END AS state,"
                        + (triggerClones ? " t.tgparentid <> 0" : " false") + " AS clone,"
                        + " obj_description(t.oid, 'pg_trigger') AS comment"
                        + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                        // clones of a partitioned table's trigger: internal on 12, tgparentid set from 13
                        // (internal until 14, ordinary from 15); a foreign key's clones stay the key's
                        + (triggerClones ? " WHERE (NOT t.tgisinternal OR (t.tgparentid <> 0 AND NOT EXISTS (SELECT 1"
                            + " FROM pg_constraint k WHERE k.oid = t.tgconstraint AND k.contype = 'f')))"
                            : " WHERE NOT t.tgisinternal" + (serverVersion >= 130000 ? " AND t.tgparentid = 0" : ""))
                        + " AND " + userSchema("n") + " AND " + notExtensionMember("pg_class", "c.oid")));
        q.add(Map.entry(ObjectKind.RULE,
                "SELECT " + REL + " || '.' || quote_ident(r.rulename) AS name, pg_get_ruledef(r.oid) AS definition,"
                        + " CASE r.ev_enabled WHEN 'O' THEN 'enabled' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'"
                        + "   WHEN 'A' THEN 'always' END AS state, obj_description(r.oid, 'pg_rewrite') AS comment"
                        + " FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE r.rulename <> '_RETURN' AND " + userSchema("n") + " AND " + notExtensionMember("pg_class", "c.oid")));
        q.add(Map.entry(ObjectKind.POLICY,
                "SELECT " + REL + " || '.' || quote_ident(p.polname) AS name, p.polcmd AS command, p.polpermissive AS permissive,"
                        + " (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END, ', '"
                        + "    ORDER BY CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END) FROM unnest(p.polroles) r) AS roles,"
                        + " pg_get_expr(p.polqual, p.polrelid) AS using, pg_get_expr(p.polwithcheck, p.polrelid) AS \"with check\","
                        + " obj_description(p.oid, 'pg_policy') AS comment"
                        + " FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE " + userSchema("n")));
        q.add(Map.entry(ObjectKind.DEFAULT_PRIVILEGES,
                "SELECT " + owner("d.defaclrole") + " || coalesce(' in schema ' || quote_ident(n.nspname), '') || ' on '"
                        + " || CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'"
                        + "   WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' ELSE d.defaclobjtype::text END AS name,"
                        + " " + sortedAcl("d.defaclacl") + " AS acl"
                        + " FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace"));
        q.add(Map.entry(ObjectKind.LARGE_OBJECT,
                "SELECT m.oid::text AS name, " + owner("m.lomowner") + " AS owner, " + acl("m.lomacl", 'L', "m.lomowner") + " AS acl,"
                        + " obj_description(m.oid, 'pg_largeobject') AS comment, octet_length(lo.data) AS size,"
                        + " md5(lo.data) AS \"content checksum\""
                        + " FROM pg_largeobject_metadata m CROSS JOIN LATERAL (SELECT lo_get(m.oid) AS data) lo"));
        q.add(Map.entry(ObjectKind.EVENT_TRIGGER,
                "SELECT quote_ident(et.evtname) AS name, et.evtevent AS event, et.evtfoid::regprocedure::text AS function,"
                        + " array_to_string(ARRAY(SELECT t FROM unnest(et.evttags) t ORDER BY t), ', ') AS tags,"
                        + " CASE et.evtenabled WHEN 'O' THEN 'enabled' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'"
                        + "   WHEN 'A' THEN 'always' END AS state, " + owner("et.evtowner") + " AS owner,"
                        + " obj_description(et.oid, 'pg_event_trigger') AS comment"
                        + " FROM pg_event_trigger et WHERE " + notExtensionMember("pg_event_trigger", "et.oid")));
        q.add(Map.entry(ObjectKind.PUBLICATION,
                "SELECT quote_ident(p.pubname) AS name, p.puballtables AS \"all tables\", p.pubinsert AS insert,"
                        + " p.pubupdate AS update, p.pubdelete AS delete, p.pubtruncate AS truncate,"
                        + (serverVersion >= 130000 ? " p.pubviaroot" : " false") + " AS \"via partition root\","
                        + (serverVersion >= 180000 ? " p.pubgencols::text" : " 'n'::text") + " AS \"generated columns\","
                        + " " + owner("p.pubowner") + " AS owner, obj_description(p.oid, 'pg_publication') AS comment"
                        + " FROM pg_publication p"));
        q.add(Map.entry(ObjectKind.PUBLICATION_TABLE,
                "SELECT quote_ident(p.pubname) || ' ' || pr.prrelid::regclass::text AS name,"
                        + (serverVersion >= 150000
                        ? " pg_get_expr(pr.prqual, pr.prrelid) AS \"row filter\","
                          + " (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a"
                          + "    WHERE a.attrelid = pr.prrelid AND a.attnum = ANY(pr.prattrs)) AS columns"
                        : " NULL::text AS \"row filter\", NULL::text AS columns")
                        + " FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid"));
        if (serverVersion >= 150000) {
            q.add(Map.entry(ObjectKind.PUBLICATION_SCHEMA,
                    "SELECT quote_ident(p.pubname) || ' ' || quote_ident(n.nspname) AS name"
                            + " FROM pg_publication_namespace pn JOIN pg_publication p ON p.oid = pn.pnpubid"
                            + " JOIN pg_namespace n ON n.oid = pn.pnnspid"));
        }
        q.add(Map.entry(ObjectKind.SUBSCRIPTION,
                "SELECT quote_ident(s.subname) AS name, s.subenabled AS enabled,"
                        // a checksum, not the text: a connection string can hold a password
                        + " md5(s.subconninfo) AS \"connection checksum\","
                        + " s.subslotname::text AS slot, s.subsynccommit AS synchronous_commit,"
                        + " array_to_string(s.subpublications, ', ') AS publications,"
                        + (serverVersion >= 140000 ? " s.subbinary AS binary, s.substream::text AS streaming,"
                        : " false AS binary, NULL::text AS streaming,")
                        + (serverVersion >= 150000 ? " s.subtwophasestate::text AS two_phase, s.subdisableonerr AS disable_on_error,"
                        : " 'd'::text AS two_phase, false AS disable_on_error,")
                        + (serverVersion >= 160000
                        ? " s.subpasswordrequired AS password_required, s.subrunasowner AS run_as_owner, s.suborigin AS origin,"
                        : " true AS password_required, false AS run_as_owner, 'any'::text AS origin,")
                        + (serverVersion >= 170000 ? " s.subfailover AS failover," : " false AS failover,")
                        + " " + owner("s.subowner") + " AS owner, obj_description(s.oid, 'pg_subscription') AS comment"
                        + " FROM pg_subscription s WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())"));
        return q;
    }

    // A statistics target, NULL for the default: -1 up to 16, NULL from 17.
    private String statisticsTarget(String column) {
        return serverVersion >= 170000 ? column + "::int" : "NULLIF(" + column + ", -1)::int";
    }

    // Members of operator families and classes, by content: "OPERATOR strategy op [FOR ORDER BY family]" and
    // "FUNCTION number (left, right) proc", sorted; tied (pg_depend) to the given catalog row.
    private static String opMembers(String refCatalog, String refOid) {
        return "(SELECT string_agg(m, '; ' ORDER BY m) FROM ("
                + " SELECT 'OPERATOR ' || o.amopstrategy || ' ' || o.amopopr::regoperator::text"
                + "   || coalesce(' FOR ORDER BY ' || (SELECT quote_ident(sn.nspname) || '.' || quote_ident(sf.opfname)"
                + "     FROM pg_opfamily sf JOIN pg_namespace sn ON sn.oid = sf.opfnamespace WHERE sf.oid = o.amopsortfamily), '') AS m"
                + " FROM pg_amop o JOIN pg_depend d ON d.classid = 'pg_amop'::regclass AND d.objid = o.oid"
                + " WHERE d.refclassid = '" + refCatalog + "'::regclass AND d.refobjid = " + refOid
                + "   AND (d.refclassid <> 'pg_opfamily'::regclass OR o.amopfamily = d.refobjid)"
                + " UNION ALL"
                + " SELECT 'FUNCTION ' || p.amprocnum || ' (' || p.amproclefttype::regtype::text || ', '"
                + "   || p.amprocrighttype::regtype::text || ') ' || p.amproc::regprocedure::text"
                + " FROM pg_amproc p JOIN pg_depend d ON d.classid = 'pg_amproc'::regclass AND d.objid = p.oid"
                + " WHERE d.refclassid = '" + refCatalog + "'::regclass AND d.refobjid = " + refOid
                + "   AND (d.refclassid <> 'pg_opfamily'::regclass OR p.amprocfamily = d.refobjid)) members)";
    }

    private void addObjectFamilyQueries(List<Map.Entry<ObjectKind, String>> q) {
        String icuLocale = serverVersion >= 170000 ? "co.colllocale"
                : serverVersion >= 150000 ? "co.colliculocale" : "CASE WHEN co.collprovider = 'i' THEN co.collcollate END";
        q.add(Map.entry(ObjectKind.COLLATION,
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(co.collname) AS name, co.collprovider AS provider,"
                        + " co.collisdeterministic AS deterministic, pg_encoding_to_char(co.collencoding) AS encoding,"
                        + " CASE WHEN co.collprovider = 'c' THEN co.collcollate END AS lc_collate,"
                        + " CASE WHEN co.collprovider = 'c' THEN co.collctype END AS lc_ctype,"
                        + " CASE WHEN co.collprovider <> 'c' THEN " + icuLocale + " END AS locale,"
                        + (serverVersion >= 160000 ? " co.collicurules" : " NULL::text") + " AS rules,"
                        + " " + owner("co.collowner") + " AS owner, obj_description(co.oid, 'pg_collation') AS comment"
                        + " FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace"
                        + " WHERE " + userSchema("n") + " AND " + notExtensionMember("pg_collation", "co.oid")));
        q.add(Map.entry(ObjectKind.CONVERSION,
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(cv.conname) AS name,"
                        + " pg_encoding_to_char(cv.conforencoding) AS \"for\", pg_encoding_to_char(cv.contoencoding) AS \"to\","
                        + " cv.conproc::regprocedure::text AS function, cv.condefault AS \"default\","
                        + " " + owner("cv.conowner") + " AS owner, obj_description(cv.oid, 'pg_conversion') AS comment"
                        + " FROM pg_conversion cv JOIN pg_namespace n ON n.oid = cv.connamespace"
                        + " WHERE " + userSchema("n") + " AND " + notExtensionMember("pg_conversion", "cv.oid")));
        q.add(Map.entry(ObjectKind.CAST,
                "SELECT '(' || format_type(ca.castsource, NULL) || ' AS ' || format_type(ca.casttarget, NULL) || ')' AS name,"
                        + " ca.castmethod AS method, ca.castcontext AS context,"
                        + " CASE WHEN ca.castfunc <> 0 THEN ca.castfunc::regprocedure::text END AS function,"
                        + " obj_description(ca.oid, 'pg_cast') AS comment"
                        + " FROM pg_cast ca WHERE ca.oid >= 16384 AND " + notExtensionMember("pg_cast", "ca.oid")
                        // built along with a range type (its multirange cast, 14+)
                        + " AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_cast'::regclass AND i.objid = ca.oid"
                        + " AND i.deptype = 'i')"));
        // procedural languages (built-in internal, c and sql are not lanispl); an extension's language
        // is compared too, so that privileges changed since CREATE EXTENSION are seen
        q.add(Map.entry(ObjectKind.LANGUAGE,
                "SELECT quote_ident(l.lanname) AS name, l.lanpltrusted AS trusted,"
                        + " l.lanplcallfoid::regprocedure::text AS handler,"
                        + " CASE WHEN l.laninline <> 0 THEN l.laninline::regprocedure::text END AS inline,"
                        + " CASE WHEN l.lanvalidator <> 0 THEN l.lanvalidator::regprocedure::text END AS validator,"
                        + " " + owner("l.lanowner") + " AS owner, " + acl("l.lanacl", 'l', "l.lanowner") + " AS acl,"
                        + " obj_description(l.oid, 'pg_language') AS comment"
                        + " FROM pg_language l WHERE l.lanispl"));
        q.add(Map.entry(ObjectKind.TRANSFORM,
                "SELECT 'FOR ' || format_type(t.trftype, NULL) || ' LANGUAGE ' || quote_ident(l.lanname) AS name,"
                        + " CASE WHEN t.trffromsql <> 0 THEN t.trffromsql::regprocedure::text END AS \"from sql\","
                        + " CASE WHEN t.trftosql <> 0 THEN t.trftosql::regprocedure::text END AS \"to sql\","
                        + " obj_description(t.oid, 'pg_transform') AS comment"
                        + " FROM pg_transform t JOIN pg_language l ON l.oid = t.trflang"
                        + " WHERE " + notExtensionMember("pg_transform", "t.oid")));
        q.add(Map.entry(ObjectKind.ACCESS_METHOD,
                "SELECT quote_ident(a.amname) AS name, a.amtype AS type, a.amhandler::regproc::text AS handler,"
                        + " obj_description(a.oid, 'pg_am') AS comment"
                        + " FROM pg_am a WHERE a.oid >= 16384 AND " + notExtensionMember("pg_am", "a.oid")));
        q.add(Map.entry(ObjectKind.OPERATOR,
                "SELECT o.oid::regoperator::text AS name, o.oprkind AS kind, o.oprresult::regtype::text AS result,"
                        + " o.oprcode::regprocedure::text AS function, o.oprcom::regoperator::text AS commutator,"
                        + " o.oprnegate::regoperator::text AS negator, o.oprrest::regprocedure::text AS restrict,"
                        + " o.oprjoin::regprocedure::text AS join, o.oprcanmerge AS merges, o.oprcanhash AS hashes,"
                        + " " + owner("o.oprowner") + " AS owner, obj_description(o.oid, 'pg_operator') AS comment"
                        + " FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace"
                        + " WHERE " + userSchema("n") + " AND " + notExtensionMember("pg_operator", "o.oid")));
        q.add(Map.entry(ObjectKind.OPERATOR_FAMILY,
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(f.opfname) || ' USING ' || quote_ident(am.amname) AS name,"
                        + " " + opMembers("pg_opfamily", "f.oid") + " AS \"loose members\","
                        + " " + owner("f.opfowner") + " AS owner, obj_description(f.oid, 'pg_opfamily') AS comment"
                        + " FROM pg_opfamily f JOIN pg_namespace n ON n.oid = f.opfnamespace JOIN pg_am am ON am.oid = f.opfmethod"
                        + " WHERE " + userSchema("n") + " AND " + notExtensionMember("pg_opfamily", "f.oid")));
        q.add(Map.entry(ObjectKind.OPERATOR_CLASS,
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.opcname) || ' USING ' || quote_ident(am.amname) AS name,"
                        + " c.opcintype::regtype::text AS \"for type\", c.opcdefault AS \"default\","
                        + " CASE WHEN c.opckeytype <> 0 THEN c.opckeytype::regtype::text END AS storage,"
                        + " (SELECT quote_ident(fn.nspname) || '.' || quote_ident(f.opfname) FROM pg_opfamily f"
                        + "    JOIN pg_namespace fn ON fn.oid = f.opfnamespace WHERE f.oid = c.opcfamily) AS family,"
                        + " " + opMembers("pg_opclass", "c.oid") + " AS members,"
                        + " " + owner("c.opcowner") + " AS owner, obj_description(c.oid, 'pg_opclass') AS comment"
                        + " FROM pg_opclass c JOIN pg_namespace n ON n.oid = c.opcnamespace JOIN pg_am am ON am.oid = c.opcmethod"
                        + " WHERE " + userSchema("n") + " AND " + notExtensionMember("pg_opclass", "c.oid")));
        q.add(Map.entry(ObjectKind.TEXT_SEARCH_PARSER,
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(p.prsname) AS name, p.prsstart::regproc::text AS start,"
                        + " p.prstoken::regproc::text AS gettoken, p.prsend::regproc::text AS \"end\","
                        + " p.prsheadline::regproc::text AS headline, p.prslextype::regproc::text AS lextypes,"
                        + " obj_description(p.oid, 'pg_ts_parser') AS comment"
                        + " FROM pg_ts_parser p JOIN pg_namespace n ON n.oid = p.prsnamespace"
                        + " WHERE " + userSchema("n") + " AND " + notExtensionMember("pg_ts_parser", "p.oid")));
        q.add(Map.entry(ObjectKind.TEXT_SEARCH_TEMPLATE,
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(t.tmplname) AS name, t.tmplinit::regproc::text AS init,"
                        + " t.tmpllexize::regproc::text AS lexize, obj_description(t.oid, 'pg_ts_template') AS comment"
                        + " FROM pg_ts_template t JOIN pg_namespace n ON n.oid = t.tmplnamespace"
                        + " WHERE " + userSchema("n") + " AND " + notExtensionMember("pg_ts_template", "t.oid")));
        q.add(Map.entry(ObjectKind.TEXT_SEARCH_DICTIONARY,
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(d.dictname) AS name,"
                        + " (SELECT quote_ident(tn.nspname) || '.' || quote_ident(t.tmplname) FROM pg_ts_template t"
                        + "    JOIN pg_namespace tn ON tn.oid = t.tmplnamespace WHERE t.oid = d.dicttemplate) AS template,"
                        + " d.dictinitoption AS options, " + owner("d.dictowner") + " AS owner,"
                        + " obj_description(d.oid, 'pg_ts_dict') AS comment"
                        + " FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace"
                        + " WHERE " + userSchema("n") + " AND " + notExtensionMember("pg_ts_dict", "d.oid")));
        q.add(Map.entry(ObjectKind.TEXT_SEARCH_CONFIGURATION,
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.cfgname) AS name,"
                        + " (SELECT quote_ident(pn.nspname) || '.' || quote_ident(p.prsname) FROM pg_ts_parser p"
                        + "    JOIN pg_namespace pn ON pn.oid = p.prsnamespace WHERE p.oid = c.cfgparser) AS parser,"
                        + " (SELECT string_agg(tok, '; ' ORDER BY tokid) FROM (SELECT m.maptokentype AS tokid,"
                        + "    (SELECT t.alias FROM ts_token_type(c.cfgparser) t WHERE t.tokid = m.maptokentype) || ': '"
                        + "    || string_agg(m.mapdict::regdictionary::text, ', ' ORDER BY m.mapseqno) AS tok"
                        + "    FROM pg_ts_config_map m WHERE m.mapcfg = c.oid GROUP BY m.maptokentype) maps) AS mappings,"
                        + " " + owner("c.cfgowner") + " AS owner, obj_description(c.oid, 'pg_ts_config') AS comment"
                        + " FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace"
                        + " WHERE " + userSchema("n") + " AND " + notExtensionMember("pg_ts_config", "c.oid")));
        q.add(Map.entry(ObjectKind.FOREIGN_DATA_WRAPPER,
                "SELECT quote_ident(w.fdwname) AS name, w.fdwhandler::regproc::text AS handler,"
                        + " w.fdwvalidator::regproc::text AS validator, " + sortedOptions("w.fdwoptions") + " AS options,"
                        + " " + owner("w.fdwowner") + " AS owner, " + acl("w.fdwacl", 'F', "w.fdwowner") + " AS acl,"
                        + " obj_description(w.oid, 'pg_foreign_data_wrapper') AS comment"
                        + " FROM pg_foreign_data_wrapper w WHERE " + notExtensionMember("pg_foreign_data_wrapper", "w.oid")));
        q.add(Map.entry(ObjectKind.FOREIGN_SERVER,
                "SELECT quote_ident(s.srvname) AS name, (SELECT quote_ident(w.fdwname) FROM pg_foreign_data_wrapper w"
                        + "    WHERE w.oid = s.srvfdw) AS wrapper, s.srvtype AS type, s.srvversion AS version,"
                        + " " + sortedOptions("s.srvoptions") + " AS options,"
                        + " " + owner("s.srvowner") + " AS owner, " + acl("s.srvacl", 'S', "s.srvowner") + " AS acl,"
                        + " obj_description(s.oid, 'pg_foreign_server') AS comment"
                        + " FROM pg_foreign_server s WHERE " + notExtensionMember("pg_foreign_server", "s.oid")));
        // option values may be passwords: compared by digest so that a report never shows them
        q.add(Map.entry(ObjectKind.USER_MAPPING,
                "SELECT quote_ident(u.usename) || ' on ' || quote_ident(u.srvname) AS name,"
                        + " (SELECT string_agg(quote_ident(o.option_name) || ' md5:' || md5(o.option_value), ', ' ORDER BY o.option_name)"
                        + "    FROM pg_options_to_table(u.umoptions) o) AS options"
                        + " FROM pg_user_mappings u"));
        q.add(Map.entry(ObjectKind.SECURITY_LABEL, securityLabelQuery()));
        q.add(Map.entry(ObjectKind.STATISTICS,
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(s.stxname) AS name,"
                        + " pg_get_statisticsobjdef(s.oid) AS definition, array_to_string(s.stxkind, '') AS kinds,"
                        + (serverVersion >= 170000 ? " s.stxstattarget::int" : serverVersion >= 130000
                            ? " NULLIF(s.stxstattarget, -1)::int" : " NULL::int") + " AS \"statistics target\","
                        + " " + owner("s.stxowner") + " AS owner, obj_description(s.oid, 'pg_statistic_ext') AS comment"
                        + " FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace"
                        + " WHERE " + userSchema("n") + " AND " + notExtensionMember("pg_statistic_ext", "s.oid")));
    }

    /**
     * Security labels (pg_seclabel, and pg_shseclabel for subscriptions), one entry per labeled object and provider, named by
     * pg_identify_object's type and identity (never an OID, except a large object's, which a
     * restore keeps) and the provider. The database's own labels are a {@link ObjectKind#DATABASE}
     * property; labels on system objects and extension members are not the dump's business.
     */
    private static String securityLabelQuery() {
        return "SELECT i.type || ' ' || i.identity || ' for ' || quote_ident(l.provider) AS name, l.label AS label"
                + " FROM (SELECT classoid, objoid, objsubid, provider, label FROM pg_seclabel"
                // a subscription's label lives in the shared catalog, like the subscription
                + "   UNION ALL SELECT s.classoid, s.objoid, 0, s.provider, s.label FROM pg_shseclabel s"
                + "   JOIN pg_subscription sub ON sub.oid = s.objoid AND s.classoid = 'pg_subscription'::regclass"
                + "   WHERE sub.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())) l"
                + " CROSS JOIN LATERAL pg_identify_object(l.classoid, l.objoid, l.objsubid) i"
                + " WHERE (i.schema IS NULL OR (i.schema NOT IN ('pg_catalog', 'information_schema') AND i.schema !~ '^pg_(toast|temp_)'))"
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = l.classoid AND e.objid = l.objoid"
                + " AND e.deptype = 'e')";
    }

    private String typeQuery() {
        String attributes = "(SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)"
                + "    || CASE WHEN a.attcollation <> at.typcollation THEN ' COLLATE ' || " + collation("a.attcollation") + " ELSE '' END,"
                + "    ', ' ORDER BY a.attnum) FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid"
                + "    WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)";
        return "SELECT quote_ident(n.nspname) || '.' || quote_ident(t.typname) AS name,"
                + " CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'c' THEN 'composite' WHEN 'r' THEN 'range' WHEN 'b' THEN 'base' END"
                + "   AS \"type kind\","
                + baseTypeProperties()
                + " (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e"
                + "    WHERE e.enumtypid = t.oid) AS labels,"
                + " CASE WHEN t.typtype = 'c' THEN " + attributes + " END AS attributes,"
                + " r.rngsubtype::regtype::text AS subtype, " + collation("r.rngcollation") + " AS \"subtype collation\","
                + " (SELECT quote_ident(opn.nspname) || '.' || quote_ident(opc.opcname) FROM pg_opclass opc"
                + "    JOIN pg_namespace opn ON opn.oid = opc.opcnamespace WHERE opc.oid = r.rngsubopc) AS \"subtype opclass\","
                + " r.rngcanonical::regproc::text AS canonical, r.rngsubdiff::regproc::text AS subtype_diff,"
                + " " + owner("t.typowner") + " AS owner, " + acl("t.typacl", 'T', "t.typowner") + " AS acl,"
                + " obj_description(t.oid, 'pg_type') AS comment"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_range r ON r.rngtypid = t.oid"
                + " WHERE (t.typtype IN ('e', 'r')"
                + "    OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')"
                // user base types, but not the array types made for every type
                + "    OR (t.typtype = 'b' AND t.typisdefined AND NOT (t.typelem <> 0"
                + "        AND (SELECT te.typarray FROM pg_type te WHERE te.oid = t.typelem) = t.oid)))"
                + " AND " + userSchema("n") + " AND " + notExtensionMember("pg_type", "t.oid");
    }

    /** A base type's properties (null for other kinds): its functions, storage and behaviour in casts. */
    private static String baseTypeProperties() {
        StringBuilder sb = new StringBuilder();
        String[][] columns = {
                {"t.typinput::regproc::text", "input"}, {"t.typoutput::regproc::text", "output"},
                {"NULLIF(t.typreceive::oid, 0)::regproc::text", "receive"}, {"NULLIF(t.typsend::oid, 0)::regproc::text", "send"},
                {"NULLIF(t.typmodin::oid, 0)::regproc::text", "typmod in"},
                {"NULLIF(t.typmodout::oid, 0)::regproc::text", "typmod out"},
                {"NULLIF(t.typanalyze::oid, 0)::regproc::text", "analyze"},
                {"t.typlen::text", "length"}, {"t.typbyval::text", "by value"}, {"t.typalign::text", "alignment"},
                {"t.typstorage::text", "storage"}, {"t.typcategory::text", "category"},
                {"t.typispreferred::text", "preferred"}, {"t.typdefault", "default"},
                {"CASE WHEN t.typelem <> 0 THEN format_type(t.typelem, NULL) END", "element"},
                {"t.typdelim::text", "delimiter"}, {"(t.typcollation <> 0)::text", "collatable"}};
        for (String[] c : columns) {
            sb.append(" CASE WHEN t.typtype = 'b' THEN ").append(c[0]).append(" END AS \"").append(c[1]).append("\",");
        }
        return sb.toString();
    }

    private String columnQuery() {
        return "SELECT " + REL + " || '.' || quote_ident(a.attname) AS name,"
                + " row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum) AS position,"
                + " format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS \"not null\","
                + " a.attislocal AS local, a.attinhcount AS \"inherited count\","
                + " pg_get_expr(d.adbin, d.adrelid) AS default,"
                + " CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' ELSE '' END AS identity,"
                + " CASE a.attgenerated WHEN 's' THEN 'stored' WHEN 'v' THEN 'virtual' ELSE '' END AS generated,"
                + " CASE WHEN a.attcollation <> t.typcollation THEN " + collation("a.attcollation") + " END AS collation,"
                + (serverVersion >= 140000 ? " a.attcompression::text" : " ''::text") + " AS compression,"
                + " " + sortedOptions("a.attoptions") + " AS options,"
                + " " + statisticsTarget("a.attstattarget") + " AS \"statistics target\", a.attstorage AS storage,"
                + " " + sortedOptions("a.attfdwoptions") + " AS \"fdw options\","
                + " " + sortedAcl("a.attacl") + " AS acl, col_description(c.oid, a.attnum) AS comment"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f', 'v', 'm')"
                + " AND " + userSchema("n") + " AND " + notExtensionMember("pg_class", "c.oid");
    }

    private String constraintQuery() {
        return "SELECT CASE WHEN con.conrelid <> 0 THEN quote_ident(n.nspname) || '.' || quote_ident(c.relname)"
                + "   ELSE quote_ident(tn.nspname) || '.' || quote_ident(t.typname) END || '.' || quote_ident(con.conname) AS name,"
                + " CASE con.contype WHEN 'c' THEN 'check' WHEN 'f' THEN 'foreign key' WHEN 'p' THEN 'primary key'"
                + "   WHEN 'u' THEN 'unique' WHEN 't' THEN 'constraint trigger' WHEN 'x' THEN 'exclusion' WHEN 'n' THEN 'not null'"
                + "   ELSE con.contype::text END AS type,"
                + " pg_get_constraintdef(con.oid) AS definition, con.condeferrable AS deferrable, con.condeferred AS deferred,"
                + " con.convalidated AS validated, con.conislocal AS local, con.coninhcount AS \"inherited count\","
                // only meaningful for CHECK and NOT NULL: an index constraint added to a partition with
                // ALTER TABLE ONLY (as pg_dump restores it) reads true where PARTITION OF left false
                + " CASE WHEN con.contype IN ('c', 'n') THEN con.connoinherit END AS \"no inherit\","
                + " (SELECT quote_ident(pn.nspname) || '.' || quote_ident(pc.relname) || '.' || quote_ident(p.conname)"
                + "    FROM pg_constraint p JOIN pg_class pc ON pc.oid = p.conrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace"
                + "    WHERE p.oid = con.conparentid) AS \"parent constraint\","
                + " obj_description(con.oid, 'pg_constraint') AS comment"
                + " FROM pg_constraint con JOIN pg_namespace cn ON cn.oid = con.connamespace"
                + " LEFT JOIN pg_class c ON c.oid = con.conrelid LEFT JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_type t ON t.oid = con.contypid LEFT JOIN pg_namespace tn ON tn.oid = t.typnamespace"
                + " WHERE (con.conrelid <> 0 OR con.contypid <> 0) AND " + userSchema("cn")
                + (notNullConstraints ? "" : " AND con.contype <> 'n'")
                // a foreign key to a partitioned table gets one derived key per referenced partition,
                // on the same table, named by the server (the scheme changed in 18): the parent key stands for them
                + " AND NOT (con.contype = 'f' AND con.conparentid <> 0 AND EXISTS (SELECT 1 FROM pg_constraint pk"
                + "   WHERE pk.oid = con.conparentid AND pk.conrelid = con.conrelid))"
                + " AND (c.oid IS NULL OR " + notExtensionMember("pg_class", "c.oid") + ")"
                + " AND (t.oid IS NULL OR " + notExtensionMember("pg_type", "t.oid") + ")";
    }

    private String viewQuery(char relkind) {
        return "SELECT " + REL + " AS name, pg_get_viewdef(c.oid) AS definition, " + sortedOptions("c.reloptions") + " AS options,"
                + (relkind == 'm' ? " c.relispopulated AS populated, " + tablespace("c.reltablespace") + " AS tablespace," : "")
                + " " + owner("c.relowner") + " AS owner, " + acl("c.relacl", 'r', "c.relowner") + " AS acl,"
                + " obj_description(c.oid, 'pg_class') AS comment"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind = '" + relkind + "' AND " + userSchema("n") + " AND " + notExtensionMember("pg_class", "c.oid");
    }

    private String functionQuery(String prokinds) {
        return "SELECT p.oid::regprocedure::text AS name, pg_get_functiondef(p.oid) AS definition,"
                // each attribute on its own too: cross-major comparisons set definition text aside
                // procedures' arguments print an explicit IN from 14
                + " regexp_replace(pg_get_function_arguments(p.oid), '(^|, )IN ', '\\1', 'g') AS arguments, pg_get_function_result(p.oid) AS result,"
                + " p.prokind AS kind, p.provolatile AS volatility, p.proisstrict AS strict, p.prosecdef AS \"security definer\","
                + " p.proleakproof AS leakproof, p.proparallel AS parallel, p.procost AS cost, p.prorows AS rows,"
                + " p.proretset AS \"returns set\", array_to_string(p.proconfig, ', ') AS settings,"
                + " (SELECT l.lanname FROM pg_language l WHERE l.oid = p.prolang) AS language,"
                + " " + owner("p.proowner") + " AS owner, " + acl("p.proacl", 'f', "p.proowner") + " AS acl,"
                + " obj_description(p.oid, 'pg_proc') AS comment"
                + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE p.prokind IN (" + prokinds + ") AND " + userSchema("n") + " AND " + notExtensionMember("pg_proc", "p.oid")
                // built along with another object, such as a range type's multirange constructors (14+)
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass AND i.objid = p.oid"
                + " AND i.deptype = 'i')";
    }

    private static void readQuery(Connection c, ObjectKind kind, String sql, Snapshot snapshot) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> properties = snapshot.object(kind, rs.getString(1));
                for (int i = 2; i <= md.getColumnCount(); i++) {
                    properties.put(md.getColumnLabel(i), rs.getString(i));
                }
            }
        } catch (SQLException e) {
            throw new SQLException("reading " + kind.label() + " catalog: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    // An extension's configuration tables and sequences (pg_extension_config_dump) hold user data.
    private static final String CONFIGURATION = "c.oid IN (SELECT unnest(x.extconfig) FROM pg_extension x)";

    private static void readSequenceValues(Connection c, Snapshot snapshot) throws SQLException {
        // configuration sequences are extension members, so only their values are compared
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT " + REL + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE c.relkind = 'S' AND " + CONFIGURATION)) {
            while (rs.next()) {
                snapshot.object(ObjectKind.SEQUENCE, rs.getString(1));
            }
        }
        for (Map.Entry<Key, Map<String, String>> e : snapshot.objects.entrySet()) {
            if (e.getKey().kind() != ObjectKind.SEQUENCE) {
                continue;
            }
            // The name is already quoted and schema-qualified by quote_ident.
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM " + e.getKey().name())) {
                rs.next();
                e.getValue().put("last_value", rs.getString(1));
                e.getValue().put("is_called", rs.getString(2));
            }
        }
    }

    /**
     * Row count and an order-independent checksum of every ordinary table, leaf partition and
     * populated materialized view: md5 over the sorted md5 of each row's text in UTF-8 (so that
     * databases in different encodings agree). The sort uses the C collation so servers with
     * different default collations agree.
     */
    private static void readContents(Connection c, Snapshot snapshot) throws SQLException {
        List<String[]> relations = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT " + REL + ", c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE (c.relkind = 'r' OR (c.relkind = 'm' AND c.relispopulated)) AND " + userSchema("n")
                        + " AND (" + notExtensionMember("pg_class", "c.oid") + " OR " + CONFIGURATION + ")")) {
            while (rs.next()) {
                relations.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] relation : relations) {
            ObjectKind kind = relation[1].equals("m") ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.TABLE;
            // ROW(t.*) rather than t: a column named t would win over the whole-row reference.
            String sql = "SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h COLLATE \"C\"), ''))"
                    + " FROM (SELECT md5(convert_to(ROW(t.*)::text, 'UTF8')) AS h FROM ONLY " + relation[0] + " t) s";
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                Map<String, String> properties = snapshot.object(kind, relation[0]);
                properties.put("rows", rs.getString(1));
                properties.put("content checksum", rs.getString(2));
            }
        }
    }
}
