package io.stowage.testkit;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Without a major's server headers the provider is unavailable, with a reason that says what to install. */
class LabelProviderAvailabilityTest {
    @Test
    void aMajorWithoutHeadersIsUnavailableWithAReason() {
        assumeFalse(Files.exists(Path.of("/usr/lib/postgresql/12/bin/pg_config")), "PostgreSQL 12 headers are installed here");
        assertThat(LabelProvider.unavailableReason(12)).hasValueSatisfying(reason ->
                assertThat(reason).contains("server headers", "postgresql-server-dev-12", "gcc"));
        assertThatThrownBy(() -> PgServers.startWithLabelProvider(12)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("postgresql-server-dev-12");
    }
}
