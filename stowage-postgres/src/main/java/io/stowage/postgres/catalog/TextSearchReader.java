package io.stowage.postgres.catalog;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.stowage.postgres.sql.SqlText.ident;
import static io.stowage.postgres.sql.SqlText.qualified;

/**
 * Text search parsers, templates, dictionaries and configurations (pg_dump.c: dumpTSParser,
 * dumpTSTemplate, dumpTSDictionary, dumpTSConfig). Parsers and templates have no owner.
 */
final class TextSearchReader {
    private TextSearchReader() {
    }

    static void read(CatalogReader reader) {
        readParsers(reader);
        readTemplates(reader);
        readDictionaries(reader);
        readConfigurations(reader);
    }

    private static void readParsers(CatalogReader reader) {
        reader.session().query("text search parsers",
                "SELECT p.oid, p.prsname, n.nspname, p.prsstart::text, p.prstoken::text, p.prsend::text, "
                        + "CASE WHEN p.prsheadline <> 0 THEN p.prsheadline::text END, p.prslextype::text, "
                        + "pg_catalog.obj_description(p.oid, 'pg_ts_parser') "
                        + "FROM pg_catalog.pg_ts_parser p JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace "
                        + "WHERE " + CatalogReader.USER_NS + " ORDER BY p.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_ts_parser", oid)) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String ns = rs.getString(3);
                    String qname = qualified(ns, name);
                    StringBuilder q = new StringBuilder("CREATE TEXT SEARCH PARSER ").append(qname).append(" (\n")
                            .append("    START = ").append(rs.getString(4)).append(",\n")
                            .append("    GETTOKEN = ").append(rs.getString(5)).append(",\n")
                            .append("    END = ").append(rs.getString(6)).append(",\n");
                    if (rs.getString(7) != null) {
                        q.append("    HEADLINE = ").append(rs.getString(7)).append(",\n");
                    }
                    q.append("    LEXTYPES = ").append(rs.getString(8)).append(" );\n");
                    add(reader, new DumpObject(ObjectKind.TSPARSER, CatalogId.of("pg_ts_parser", oid), ns, name, null)
                            .desc("TEXT SEARCH PARSER").owner("").definition(q.toString())
                            .drop("DROP TEXT SEARCH PARSER " + qname + ";\n"), rs.getString(9));
                    return null;
                });
    }

    private static void readTemplates(CatalogReader reader) {
        reader.session().query("text search templates",
                "SELECT t.oid, t.tmplname, n.nspname, CASE WHEN t.tmplinit <> 0 THEN t.tmplinit::text END, "
                        + "t.tmpllexize::text, pg_catalog.obj_description(t.oid, 'pg_ts_template') "
                        + "FROM pg_catalog.pg_ts_template t JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace "
                        + "WHERE " + CatalogReader.USER_NS + " ORDER BY t.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_ts_template", oid)) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String ns = rs.getString(3);
                    String qname = qualified(ns, name);
                    StringBuilder q = new StringBuilder("CREATE TEXT SEARCH TEMPLATE ").append(qname).append(" (\n");
                    if (rs.getString(4) != null) {
                        q.append("    INIT = ").append(rs.getString(4)).append(",\n");
                    }
                    q.append("    LEXIZE = ").append(rs.getString(5)).append(" );\n");
                    add(reader, new DumpObject(ObjectKind.TSTEMPLATE, CatalogId.of("pg_ts_template", oid), ns, name, null)
                            .desc("TEXT SEARCH TEMPLATE").owner("").definition(q.toString())
                            .drop("DROP TEXT SEARCH TEMPLATE " + qname + ";\n"), rs.getString(6));
                    return null;
                });
    }

    private static void readDictionaries(CatalogReader reader) {
        reader.session().query("text search dictionaries",
                "SELECT d.oid, d.dictname, n.nspname, pg_catalog.pg_get_userbyid(d.dictowner), tn.nspname, t.tmplname, "
                        + "d.dictinitoption, pg_catalog.obj_description(d.oid, 'pg_ts_dict') "
                        + "FROM pg_catalog.pg_ts_dict d JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace "
                        + "JOIN pg_catalog.pg_ts_template t ON t.oid = d.dicttemplate "
                        + "JOIN pg_catalog.pg_namespace tn ON tn.oid = t.tmplnamespace "
                        + "WHERE " + CatalogReader.USER_NS + " ORDER BY d.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_ts_dict", oid)) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String ns = rs.getString(3);
                    String qname = qualified(ns, name);
                    StringBuilder q = new StringBuilder("CREATE TEXT SEARCH DICTIONARY ").append(qname).append(" (\n")
                            .append("    TEMPLATE = ").append(qualified(rs.getString(5), rs.getString(6)));
                    // the init options are stored as the text to write
                    if (rs.getString(7) != null) {
                        q.append(",\n    ").append(rs.getString(7));
                    }
                    q.append(" );\n");
                    add(reader, new DumpObject(ObjectKind.TSDICT, CatalogId.of("pg_ts_dict", oid), ns, name, null)
                            .desc("TEXT SEARCH DICTIONARY").owner(rs.getString(4)).definition(q.toString())
                            .drop("DROP TEXT SEARCH DICTIONARY " + qname + ";\n"), rs.getString(8));
                    return null;
                });
    }

    private static void readConfigurations(CatalogReader reader) {
        Map<Long, StringBuilder> mappings = new LinkedHashMap<>();
        Map<Long, String> lastToken = new LinkedHashMap<>();
        Map<Long, String> qnames = new LinkedHashMap<>();
        reader.session().query("text search configurations",
                "SELECT c.oid, c.cfgname, n.nspname, pg_catalog.pg_get_userbyid(c.cfgowner), pn.nspname, p.prsname, "
                        + "pg_catalog.obj_description(c.oid, 'pg_ts_config') "
                        + "FROM pg_catalog.pg_ts_config c JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace "
                        + "JOIN pg_catalog.pg_ts_parser p ON p.oid = c.cfgparser "
                        + "JOIN pg_catalog.pg_namespace pn ON pn.oid = p.prsnamespace "
                        + "WHERE " + CatalogReader.USER_NS + " ORDER BY c.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_ts_config", oid)) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String ns = rs.getString(3);
                    String qname = qualified(ns, name);
                    qnames.put(oid, qname);
                    mappings.put(oid, new StringBuilder("CREATE TEXT SEARCH CONFIGURATION ").append(qname).append(" (\n")
                            .append("    PARSER = ").append(ident(rs.getString(5))).append('.').append(ident(rs.getString(6)))
                            .append(" );\n"));
                    add(reader, new DumpObject(ObjectKind.TSCONFIG, CatalogId.of("pg_ts_config", oid), ns, name, null)
                            .desc("TEXT SEARCH CONFIGURATION").owner(rs.getString(4))
                            .drop("DROP TEXT SEARCH CONFIGURATION " + qname + ";\n"), rs.getString(7));
                    return null;
                });
        if (mappings.isEmpty()) {
            return;
        }
        reader.session().query("text search configuration mappings",
                "SELECT m.mapcfg, (SELECT t.alias FROM pg_catalog.ts_token_type(c.cfgparser) AS t WHERE t.tokid = m.maptokentype), "
                        + "m.mapdict::pg_catalog.regdictionary::text "
                        + "FROM pg_catalog.pg_ts_config_map m JOIN pg_catalog.pg_ts_config c ON c.oid = m.mapcfg "
                        + "JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace "
                        + "WHERE " + CatalogReader.USER_NS + " ORDER BY m.mapcfg, m.maptokentype, m.mapseqno",
                rs -> {
                    long cfg = rs.getLong(1);
                    StringBuilder q = mappings.get(cfg);
                    if (q == null) {
                        return null;
                    }
                    String token = rs.getString(2);
                    if (token.equals(lastToken.get(cfg))) {
                        q.append(", ").append(rs.getString(3));
                    } else {
                        if (lastToken.containsKey(cfg)) {
                            q.append(";\n");
                        }
                        // the token name needs quoting, the regdictionary text is quoted already
                        q.append("\nALTER TEXT SEARCH CONFIGURATION ").append(qnames.get(cfg)).append('\n')
                                .append("    ADD MAPPING FOR ").append(ident(token)).append(" WITH ").append(rs.getString(3));
                        lastToken.put(cfg, token);
                    }
                    return null;
                });
        mappings.forEach((cfg, q) -> {
            if (lastToken.containsKey(cfg)) {
                q.append(";\n");
            }
            reader.catalog().find("pg_ts_config", cfg).definition(q.toString());
        });
    }

    private static void add(CatalogReader reader, DumpObject o, String comment) {
        String keyword = o.desc();
        Acls.comment(o, keyword + " " + ident(o.name()), keyword + " " + qualified(o.namespace(), o.name()), comment);
        reader.catalog().add(o);
    }
}
