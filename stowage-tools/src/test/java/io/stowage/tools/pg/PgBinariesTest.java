package io.stowage.tools.pg;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.tools.process.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery over fake installations: directories of shell scripts that print a version as the real programs do. */
class PgBinariesTest {
    private static final Set<PgTool> DUMP = Set.of(PgTool.PG_DUMP);

    @TempDir
    Path root;

    private Path install(String relative, String version, PgTool... tools) throws IOException {
        Path bin = Files.createDirectories(root.resolve(relative));
        for (PgTool tool : tools.length == 0 ? PgTool.values() : tools) {
            Path program = bin.resolve(tool.command());
            Files.writeString(program, "#!/bin/sh\necho '" + tool.command() + " (PostgreSQL) " + version + " (Fake " + version + ")'\n");
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    private PgBinaries binaries(Path pgBin, Map<String, String> env) {
        return new PgBinaries(pgBin, env, false, List.of(new InstallLocation(root.resolve("usr-lib-postgresql"), "", "bin"),
                new InstallLocation(root.resolve("usr"), "pgsql-", "bin")), new ProcessRunner());
    }

    @Test
    void picksTheLowestMajorAtLeastTheServersFromPathAndInstallLocations() throws IOException {
        Path onPath = install("path-bin", "16.4");
        Path debian15 = install("usr-lib-postgresql/15/bin", "15.10");
        Path rhel17 = install("usr/pgsql-17/bin", "17.2");
        PgBinaries binaries = binaries(null, Map.of("PATH", onPath + ":" + root.resolve("nothing-here")));

        assertThat(binaries.installations()).extracting(PgInstallation::binDir).containsExactly(onPath, debian15, rhel17);
        assertThat(binaries.installations()).extracting(i -> i.version().major()).containsExactly(16, 15, 17);
        assertThat(binaries.forServer(14, DUMP).binDir()).isEqualTo(debian15);
        assertThat(binaries.forServer(15, DUMP).binDir()).isEqualTo(debian15);
        assertThat(binaries.forServer(16, DUMP).binDir()).isEqualTo(onPath);
        assertThat(binaries.forServer(17, DUMP).binDir()).isEqualTo(rhel17);
        assertThat(binaries.forServer(17, DUMP).origin()).isEqualTo("install location");
        assertThat(binaries.newest(Set.of(PgTool.PG_RESTORE)).version().text()).isEqualTo("17.2");
    }

    @Test
    void noFittingPgDumpNamesTheServerTheVersionsFoundAndTheFix() throws IOException {
        Path debian15 = install("usr-lib-postgresql/15/bin", "15.10");
        install("usr-lib-postgresql/14/bin", "14.13");
        PgBinaries binaries = binaries(null, Map.of("PATH", ""));

        assertThatThrownBy(() -> binaries.forServer(17, DUMP)).isInstanceOfSatisfying(StowageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.ENVIRONMENT);
            assertThat(e.getMessage()).isEqualTo("server version mismatch: the PostgreSQL server is version 17 but the newest pg_dump found is 15"
                    + " (found: 15.10 in " + debian15 + ", 14.13 in " + root.resolve("usr-lib-postgresql/14/bin")
                    + "); pg_dump cannot dump a newer server");
            assertThat(e.fix()).startsWith("install the PostgreSQL 17 client (Debian: apt-get install postgresql-client-17")
                    .endsWith("or pass --pg-bin DIR");
            assertThat(e.oneLine()).doesNotContain("\n");
        });
    }

    @Test
    void allProgramsComeFromOneDirectory() throws IOException {
        install("usr-lib-postgresql/16/bin", "16.4", PgTool.PG_DUMP);   // pg_dump alone
        Path full17 = install("usr-lib-postgresql/17/bin", "17.2");
        PgBinaries binaries = binaries(null, Map.of("PATH", ""));

        assertThat(binaries.forServer(16, Set.of(PgTool.PG_DUMP)).version().major()).isEqualTo(16);
        assertThat(binaries.forServer(16, Set.of(PgTool.PG_DUMP, PgTool.PSQL)).binDir()).isEqualTo(full17);
    }

    @Test
    void pgBinIsExclusive() throws IOException {
        Path chosen = install("chosen", "15.10");
        install("usr-lib-postgresql/17/bin", "17.2");
        PgBinaries binaries = binaries(chosen, Map.of("PATH", ""));

        assertThat(binaries.installations()).extracting(PgInstallation::binDir).containsExactly(chosen);
        assertThat(binaries.installations().get(0).origin()).isEqualTo("--pg-bin");
        assertThatThrownBy(() -> binaries.forServer(17, DUMP)).isInstanceOf(StowageException.class)
                .hasMessageContaining("found: 15.10 in " + chosen);
    }

    @Test
    void theEnvironmentVariableIsExclusiveToo() throws IOException {
        Path fromEnv = install("from-env", "16.1");
        Path onPath = install("path-bin", "17.2");
        PgBinaries binaries = binaries(null, Map.of(PgBinaries.ENV_VARIABLE, fromEnv.toString(), "PATH", onPath.toString()));

        assertThat(binaries.installations()).extracting(PgInstallation::binDir).containsExactly(fromEnv);
        assertThat(binaries.installations().get(0).origin()).isEqualTo(PgBinaries.ENV_VARIABLE);
    }

    @Test
    void aMissingBinaryGivesTheClearMessage() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty"));
        PgBinaries binaries = binaries(empty, Map.of());

        assertThatThrownBy(() -> binaries.forServer(15, DUMP)).isInstanceOfSatisfying(StowageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.ENVIRONMENT);
            assertThat(e.oneLine()).isEqualTo("no pg_dump found (searched --pg-bin " + empty + ")"
                    + " - install the PostgreSQL 15 client (Debian: apt-get install postgresql-client-15; RHEL: dnf install postgresql15)"
                    + " or pass --pg-bin DIR");
        });
    }

    @Test
    void debiansVersionPickingWrapperOnThePathIsSkipped() throws IOException {
        Path wrapperDir = Files.createDirectories(root.resolve("share"));
        Path wrapper = wrapperDir.resolve("pg_wrapper");
        Files.writeString(wrapper, "#!/bin/sh\necho 'pg_dump (PostgreSQL) 99.0'\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path usrBin = Files.createDirectories(root.resolve("usr-bin"));
        for (PgTool tool : PgTool.values()) {
            Files.createSymbolicLink(usrBin.resolve(tool.command()), wrapper);
        }
        Path real = install("usr-lib-postgresql/15/bin", "15.10");

        PgBinaries binaries = binaries(null, Map.of("PATH", usrBin.toString()));

        assertThat(binaries.installations()).extracting(PgInstallation::binDir).containsExactly(real);
    }

    @Test
    void versionsAreReadFromTheOutputOfVersion() {
        assertThat(PgVersion.parse("pg_dump (PostgreSQL) 15.10 (Debian 15.10-1.pgdg120+1)")).contains(new PgVersion(15, 10, "15.10"));
        assertThat(PgVersion.parse("pg_dump (PostgreSQL) 18devel")).contains(new PgVersion(18, 0, "18devel"));
        assertThat(PgVersion.parse("something else")).isEmpty();
    }
}
