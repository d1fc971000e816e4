package io.stowage.repo;

import io.stowage.core.archive.Section;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.CompressionSpec;
import io.stowage.core.options.DumpOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepositoryFlagsTest {

    @Test
    void defaultsRecordNoFlags() {
        assertThat(Repository.flags(DumpOptions.builder().format(ArchiveFormat.CUSTOM).build())).isEmpty();
    }

    @Test
    void givenOptionsAreRecordedAsDumpFlags() {
        DumpOptions options = DumpOptions.builder().format(ArchiveFormat.CUSTOM).compression(CompressionSpec.parse("zstd:3"))
                .includeSchema("app").excludeTable("app.log*").section(Section.POST_DATA).section(Section.PRE_DATA)
                .noOwner(true).lockWaitTimeout("10s").build();
        assertThat(Repository.flags(options)).containsExactly("-Z", "zstd:3", "-n", "app", "-T", "app.log*",
                "--section", "pre-data", "--section", "post-data", "--no-owner", "--lock-wait-timeout", "10s");
    }
}
