package io.stowage.postgres.restore;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which session settings a parallel restore's connections run. */
class SessionSettingsTest {

    @Test
    void aLocalServerWithNoMoreCoresThanJobsGetsNoParallelBuildWorkers() {
        assertThat(ParallelRestore.sessionSettings(true, 2, 2))
                .containsExactly(ParallelRestore.SESSION_SETTINGS.get(0), ParallelRestore.SESSION_SETTINGS.get(1),
                        ParallelRestore.NO_PARALLEL_BUILD_WORKERS);
        assertThat(ParallelRestore.sessionSettings(true, 8, 4)).endsWith(ParallelRestore.NO_PARALLEL_BUILD_WORKERS);
    }

    @Test
    void aServerWithSpareCoresOrElsewhereKeepsItsParallelBuilds() {
        assertThat(ParallelRestore.sessionSettings(true, 2, 4)).isEqualTo(ParallelRestore.SESSION_SETTINGS);
        assertThat(ParallelRestore.sessionSettings(false, 8, 2)).isEqualTo(ParallelRestore.SESSION_SETTINGS);
        assertThat(ParallelRestore.SESSION_SETTINGS).noneMatch(s -> s.contains("max_parallel_maintenance_workers"));
    }
}
