package io.stowage.postgres.catalog;

import io.stowage.postgres.sql.DumpQuoting;

import java.util.regex.Pattern;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * Subscriptions as pg_dump dumps them (pg_dump.c: getSubscriptions, dumpSubscription): a
 * {@code SUBSCRIPTION} entry created with {@code connect = false}, so restoring it neither
 * connects to the publisher nor creates a slot, with the options that differ from the defaults.
 *
 * <p>Secrets: the connection string is written to the dump exactly as stored, password included,
 * as pg_dump writes it; a subscription restored without it could not reconnect, and a dump already
 * holds everything the database holds, so the dump file is the thing to protect. The string never
 * reaches logs, progress events or messages: entries are reported by tag (the subscription's
 * name), and when a connection string holds a password the dump raises a warning that names the
 * subscription only. Only superusers can read connection strings; for anyone else subscriptions
 * are left out with a warning, as pg_dump does.
 */
final class SubscriptionReader {
    /** {@code password=} as a keyword/value pair, or in a URI's user info or query. */
    private static final Pattern PASSWORD = Pattern.compile(
            "(?i)(^|\\s)password\\s*=|^postgres(ql)?://[^/@?]*:[^/@?]*@|[?&]password=");

    private SubscriptionReader() {
    }

    static void read(CatalogReader reader) {
        CatalogSession session = reader.session();
        String here = "s.subdbid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())";
        boolean superuser = session.query("superuser",
                "SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user", rs -> rs.getBoolean(1))
                .stream().findFirst().orElse(false);
        if (!superuser) {
            long n = session.query("subscriptions", "SELECT count(*) FROM pg_catalog.pg_subscription s WHERE " + here,
                    rs -> rs.getLong(1)).get(0);
            if (n > 0) {
                reader.warn("subscriptions not dumped because current user is not a superuser");
            }
            return;
        }
        boolean v14 = session.atLeast(14);
        boolean v15 = session.atLeast(15);
        boolean v16 = session.atLeast(16);
        boolean v17 = session.atLeast(17);
        session.query("subscriptions",
                "SELECT s.oid, s.subname, pg_catalog.pg_get_userbyid(s.subowner), s.subconninfo, s.subslotname, "
                        + "s.subsynccommit, s.subpublications::text[], "
                        + (v14 ? "s.subbinary, s.substream::text, " : "false, NULL, ")
                        + (v15 ? "s.subtwophasestate::text, s.subdisableonerr, " : "'d', false, ")
                        + (v16 ? "s.subpasswordrequired, s.subrunasowner, s.suborigin, " : "true, false, 'any', ")
                        + (v17 ? "s.subfailover, " : "false, ")
                        + "pg_catalog.obj_description(s.oid, 'pg_subscription') "
                        + "FROM pg_catalog.pg_subscription s WHERE " + here + " ORDER BY s.oid",
                rs -> {
                    String name = rs.getString(2);
                    String qname = ident(name);
                    String conninfo = rs.getString(4);
                    StringBuilder q = new StringBuilder("CREATE SUBSCRIPTION ").append(qname).append(" CONNECTION ")
                            .append(DumpQuoting.stringLiteral(conninfo));
                    String[] pubs = (String[]) rs.getArray(7).getArray();
                    StringBuilder publications = new StringBuilder();
                    for (String p : pubs) {
                        publications.append(publications.length() == 0 ? "" : ", ").append(ident(p));
                    }
                    q.append(" PUBLICATION ").append(publications).append(" WITH (connect = false, slot_name = ")
                            .append(rs.getString(5) == null ? "NONE" : DumpQuoting.stringLiteral(rs.getString(5)));
                    if (rs.getBoolean(8)) {
                        q.append(", binary = true");
                    }
                    String stream = rs.getString(9);
                    if (stream != null) {
                        // spelled out even when off: from 18 the default is parallel
                        q.append(switch (stream) {
                            case "t", "true" -> ", streaming = on";
                            case "p" -> ", streaming = parallel";
                            default -> ", streaming = off";
                        });
                    }
                    if (!"d".equals(rs.getString(10))) {
                        q.append(", two_phase = on");
                    }
                    if (rs.getBoolean(11)) {
                        q.append(", disable_on_error = true");
                    }
                    if (!rs.getBoolean(12)) {
                        q.append(", password_required = false");
                    }
                    if (rs.getBoolean(13)) {
                        q.append(", run_as_owner = true");
                    }
                    if (rs.getBoolean(15)) {
                        q.append(", failover = true");
                    }
                    if (!"off".equals(rs.getString(6))) {
                        q.append(", synchronous_commit = ").append(ident(rs.getString(6)));
                    }
                    if (!"any".equalsIgnoreCase(rs.getString(14))) {
                        q.append(", origin = ").append(rs.getString(14));
                    }
                    q.append(");\n");
                    DumpObject o = new DumpObject(ObjectKind.SUBSCRIPTION, CatalogId.of("pg_subscription", rs.getLong(1)),
                            null, name, null)
                            .desc("SUBSCRIPTION").owner(rs.getString(3)).definition(q.toString())
                            .drop("DROP SUBSCRIPTION " + qname + ";\n");
                    Acls.comment(o, "SUBSCRIPTION " + qname, "SUBSCRIPTION " + qname, rs.getString(16));
                    reader.catalog().add(o);
                    if (conninfo != null && PASSWORD.matcher(conninfo).find()) {
                        reader.warn("the connection string of subscription " + qname + " holds a password, which the dump "
                                + "carries as pg_dump does; keep the dump file private");
                    }
                    return null;
                });
    }
}
