package io.stowage.tools.pg;

import io.stowage.core.archive.Section;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.CompressionSpec;
import io.stowage.core.options.DumpOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DumpArgumentsTest {
    private static final PgVersion V15 = new PgVersion(15, 10, "15.10");
    private static final PgVersion V16 = new PgVersion(16, 4, "16.4");
    private static final PgVersion V18 = new PgVersion(18, 1, "18.1");

    private static List<String> args(UnaryOperator<DumpOptions.Builder> options, PgVersion version) {
        return DumpArguments.of(options.apply(DumpOptions.builder()).build(), version, null);
    }

    /** The arguments beyond the two every dump has (--verbose and the format). */
    private static List<String> extra(UnaryOperator<DumpOptions.Builder> options, PgVersion version) {
        List<String> all = args(options, version);
        assertThat(all.subList(0, 2)).containsExactly("--verbose", "--format=p");
        return all.subList(2, all.size());
    }

    @Test
    void defaultsAreVerbosePlainToStandardOutput() {
        assertThat(args(b -> b, V15)).containsExactly("--verbose", "--format=p");
    }

    @ParameterizedTest
    @CsvSource({"PLAIN,p", "CUSTOM,c", "DIRECTORY,d", "TAR,t"})
    void format(ArchiveFormat format, String letter) {
        assertThat(DumpArguments.of(DumpOptions.builder().format(format).output(Path.of("/tmp/x")).build(), V15, Path.of("/tmp/.x.partial")))
                .containsExactly("--verbose", "--format=" + letter, "--file=/tmp/.x.partial");
    }

    @Test
    void patternsEachOnce() {
        assertThat(extra(b -> b.includeSchema("s1").includeSchema("s2").excludeSchema("x").includeTable("public.t*")
                .excludeTable("big").excludeTableData("logs"), V15))
                .containsExactly("--schema=s1", "--schema=s2", "--exclude-schema=x", "--table=public.t*", "--exclude-table=big",
                        "--exclude-table-data=logs");
    }

    @Test
    void eachBooleanOptionMapsToItsFlag() {
        assertThat(extra(b -> b.dataOnly(true), V15)).containsExactly("--data-only");
        assertThat(extra(b -> b.schemaOnly(true), V15)).containsExactly("--schema-only");
        assertThat(extra(b -> b.noOwner(true), V15)).containsExactly("--no-owner");
        assertThat(extra(b -> b.noPrivileges(true), V15)).containsExactly("--no-privileges");
        assertThat(extra(b -> b.noComments(true), V15)).containsExactly("--no-comments");
        assertThat(extra(b -> b.clean(true), V15)).containsExactly("--clean");
        assertThat(extra(b -> b.clean(true).ifExists(true), V15)).containsExactly("--clean", "--if-exists");
        assertThat(extra(b -> b.create(true), V15)).containsExactly("--create");
        assertThat(extra(b -> b.noTablespaces(true), V15)).containsExactly("--no-tablespaces");
        assertThat(extra(b -> b.noSecurityLabels(true), V15)).containsExactly("--no-security-labels");
        assertThat(extra(b -> b.noSync(true), V15)).containsExactly("--no-sync");
        assertThat(extra(b -> b.noSync(false), V15)).isEmpty();
    }

    @Test
    void sectionsInOrder() {
        assertThat(extra(b -> b.section(Section.POST_DATA).section(Section.PRE_DATA), V15))
                .containsExactly("--section=pre-data", "--section=post-data");
    }

    @Test
    void snapshotAndLockWaitTimeout() {
        assertThat(extra(b -> b.snapshot("00000003-0000001B-1").lockWaitTimeout("10s"), V15))
                .containsExactly("--snapshot=00000003-0000001B-1", "--lock-wait-timeout=10s");
    }

    @Test
    void jobsOnlyWithTheDirectoryFormat() {
        assertThat(DumpArguments.of(DumpOptions.builder().format(ArchiveFormat.DIRECTORY).output(Path.of("d")).jobs(4).build(), V15, null))
                .contains("--jobs=4");
        assertThatThrownBy(() -> DumpArguments.of(DumpOptions.builder().format(ArchiveFormat.CUSTOM).jobs(2).build(), V15, null))
                .isInstanceOfSatisfying(StowageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.getMessage()).contains("-j/--jobs with the custom format").contains("pg_dump");
                    assertThat(e.fix()).contains("-F d");
                });
    }

    @Test
    void compressionBefore16IsAGzipLevel() {
        assertThat(extra(b -> b.compression(CompressionSpec.parse("5")), V15)).containsExactly("--compress=5");
        assertThat(extra(b -> b.compression(CompressionSpec.parse("gzip")), V15)).containsExactly("--compress=6");
        assertThat(extra(b -> b.compression(CompressionSpec.parse("none")), V15)).containsExactly("--compress=0");
    }

    @Test
    void compressionFrom16IsTheSpecification() {
        assertThat(extra(b -> b.compression(CompressionSpec.parse("gzip:5")), V16)).containsExactly("--compress=gzip:5");
        assertThat(extra(b -> b.compression(CompressionSpec.parse("lz4")), V16)).containsExactly("--compress=lz4");
        assertThat(extra(b -> b.compression(CompressionSpec.parse("zstd:7")), V16)).containsExactly("--compress=zstd:7");
    }

    @ParameterizedTest
    @CsvSource({"lz4", "zstd:3"})
    void lz4AndZstdNeedPgDump16(String spec) {
        assertThatThrownBy(() -> args(b -> b.compression(CompressionSpec.parse(spec)), V15))
                .isInstanceOfSatisfying(StowageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.getMessage()).isEqualTo("option --compress=" + spec + " needs pg_dump 16 or newer, but the pg_dump used is 15.10");
                    assertThat(e.fix()).contains("postgresql-client-16").contains("--pg-bin");
                });
    }

    @Test
    void statisticsOptionsNeedPgDump18() {
        assertThat(extra(b -> b.statistics(true), V18)).containsExactly("--statistics");
        assertThat(extra(b -> b.noStatistics(true), V18)).containsExactly("--no-statistics");
        assertThat(extra(b -> b.statisticsOnly(true), V18)).containsExactly("--statistics-only");
        for (UnaryOperator<DumpOptions.Builder> o : List.<UnaryOperator<DumpOptions.Builder>>of(
                b -> b.statistics(true), b -> b.noStatistics(true), b -> b.statisticsOnly(true))) {
            assertThatThrownBy(() -> args(o, V16)).isInstanceOf(StowageException.class)
                    .hasMessageContaining("statistics").hasMessageContaining("needs pg_dump 18 or newer").hasMessageContaining("16.4");
        }
    }

    @Test
    void everyOptionOfTheModelHasAFlag() {
        // a record component added to DumpOptions without a mapping here fails this count
        assertThat(DumpOptions.class.getRecordComponents()).hasSize(26);
    }
}
