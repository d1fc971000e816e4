package io.stowage.postgres.catalog;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * Event triggers as pg_dump dumps them (pg_dump.c: getEventTriggers, dumpEventTrigger): post-data
 * {@code EVENT TRIGGER} entries, which the script writes last (restore pass 2) so they do not
 * fire while the rest of the database is created.
 */
final class EventTriggerReader {
    private EventTriggerReader() {
    }

    static void read(CatalogReader reader) {
        reader.session().query("event triggers",
                "SELECT e.oid, e.evtname, e.evtenabled, e.evtevent, pg_catalog.pg_get_userbyid(e.evtowner), "
                        + "pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_literal(x) "
                        + "  FROM pg_catalog.unnest(e.evttags) AS t(x)), ', '), "
                        + "e.evtfoid::pg_catalog.regproc::text, pg_catalog.obj_description(e.oid, 'pg_event_trigger') "
                        + "FROM pg_catalog.pg_event_trigger e ORDER BY e.oid",
                rs -> {
                    if (reader.isMember("pg_event_trigger", rs.getLong(1))) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String qname = ident(name);
                    StringBuilder q = new StringBuilder("CREATE EVENT TRIGGER ").append(qname).append(" ON ")
                            .append(ident(rs.getString(4)));
                    String tags = rs.getString(6);
                    if (tags != null && !tags.isEmpty()) {
                        q.append("\n         WHEN TAG IN (").append(tags).append(')');
                    }
                    q.append("\n   EXECUTE FUNCTION ").append(rs.getString(7)).append("();\n");
                    String enabled = rs.getString(3);
                    if (!"O".equals(enabled)) {
                        q.append("\nALTER EVENT TRIGGER ").append(qname).append(' ').append(switch (enabled) {
                            case "D" -> "DISABLE";
                            case "A" -> "ENABLE ALWAYS";
                            case "R" -> "ENABLE REPLICA";
                            default -> "ENABLE";
                        }).append(";\n");
                    }
                    DumpObject o = new DumpObject(ObjectKind.EVENT_TRIGGER, CatalogId.of("pg_event_trigger", rs.getLong(1)),
                            null, name, null)
                            .desc("EVENT TRIGGER").owner(rs.getString(5)).definition(q.toString())
                            .drop("DROP EVENT TRIGGER " + qname + ";\n");
                    Acls.comment(o, "EVENT TRIGGER " + qname, "EVENT TRIGGER " + qname, rs.getString(8));
                    reader.catalog().add(o);
                    return null;
                });
    }
}
