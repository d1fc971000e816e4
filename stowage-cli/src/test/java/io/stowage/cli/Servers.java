package io.stowage.cli;

import io.stowage.testkit.Corpus;
import io.stowage.testkit.PgServer;
import io.stowage.testkit.PgServers;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared fixtures for the end-to-end tests: one embedded server per major for the whole run, and
 * on each a pagila database loaded once and used as a template, so a test gets its own copy in a
 * fraction of a second.
 */
final class Servers {
    private static final Map<Integer, String> PAGILA_TEMPLATES = new ConcurrentHashMap<>();

    private Servers() {
    }

    static PgServer get(int major) {
        return PgServers.get(major);
    }

    /** A fresh database holding pagila, private to the caller. */
    static synchronized String freshPagila(PgServer server) throws SQLException {
        String template = PAGILA_TEMPLATES.computeIfAbsent(server.major(), m -> {
            String name = "pagila_template";
            server.createDatabase(name);
            server.load(name, Corpus.PAGILA);
            // pagila's own materialized view is unpopulated (and its group_concat depends on scan
            // order, so its refreshed content is not reproducible); add a deterministic populated
            // one so every round trip also proves that populated views come back with their rows
            server.execute(name, "CREATE MATERIALIZED VIEW public.films_per_actor AS "
                    + "SELECT actor_id, count(*) AS films FROM public.film_actor GROUP BY actor_id");
            return name;
        });
        return server.copyDatabase(template);
    }

    /** The CLI's connection flags for {@code server}, user postgres. */
    static String[] conn(PgServer server) {
        return new String[] {"-h", "127.0.0.1", "-p", String.valueOf(server.port()), "-U", "postgres", "-w"};
    }

    /** Concatenates argument arrays. */
    static String[] args(Object... parts) {
        java.util.List<String> all = new java.util.ArrayList<>();
        for (Object p : parts) {
            if (p instanceof String[] a) {
                all.addAll(java.util.List.of(a));
            } else {
                all.add(String.valueOf(p));
            }
        }
        return all.toArray(String[]::new);
    }

    /**
     * Dumps {@code db} of {@code server} with {@code tool} ({@code pg_dump} or {@code stowage}) and
     * the same {@code flags}, asserting that it succeeded.
     */
    static void dumpWith(String tool, PgServer server, String db, String... flags) {
        if ("pg_dump".equals(tool)) {
            ReferenceTools.Run dump = ReferenceTools.pgDump(server, db, flags);
            org.assertj.core.api.Assertions.assertThat(dump.exit()).as(dump.err()).isZero();
        } else {
            Cli.Result dump = Cli.run(args("dump", conn(server), flags, db));
            org.assertj.core.api.Assertions.assertThat(dump.exit()).as(dump.toString()).isZero();
        }
    }
}
