package io.stowage.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test helpers: the feature fixture and a psql loader independent of the product. */
final class Fixture {
    private Fixture() {
    }

    /** Creates a fresh database on {@code server} holding the whole feature fixture and returns its name. */
    static String create(PgServer server) {
        return FeatureFixture.createAll(server);
    }

    /** Whether a {@code psql} client is on the PATH (the machine's PostgreSQL 15 client). */
    static boolean psqlAvailable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "psql"))) {
                return true;
            }
        }
        return false;
    }

    /** Loads a corpus with psql (a reference loader independent of the product's restore engine). */
    static void loadWithPsql(PgServer server, String db, Corpus corpus) {
        for (Corpus.Script script : corpus.scripts()) {
            try {
                Path log = Files.createTempFile("psql", ".log");
                Process p = new ProcessBuilder(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                        "-p", String.valueOf(server.port()), "-U", PgServer.SUPERUSER, "-d", db))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                try (InputStream in = script.open(); OutputStream out = p.getOutputStream()) {
                    in.transferTo(out);
                }
                int rc = p.waitFor();
                String output = Files.readString(log);
                Files.delete(log);
                if (rc != 0) {
                    throw new AssertionError("psql failed on " + script.name() + ": " + output);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
