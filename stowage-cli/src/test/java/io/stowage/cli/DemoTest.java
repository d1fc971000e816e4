package io.stowage.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code stowage demo} does the whole job on its own embedded server and says whether it was exact. */
class DemoTest {

    @Test
    void demoRoundTripsPagilaAndReportsIdentical() {
        Cli.Result r = Cli.run("demo");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("objects:", "tables:", "rows:", "bytes:", "seconds:", "identical: yes");
        assertThat(r.out()).containsPattern("rows:\\s+[1-9]\\d{4,} dumped");
    }
}
