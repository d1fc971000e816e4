package io.stowage.postgres.restore;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.options.RestoreOptions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

final class CleanPlanTestSupport {
    private CleanPlanTestSupport() {
    }

    static NativeRestorer.CleanPlan planFor(String script) {
        return planFor(script.getBytes(StandardCharsets.UTF_8), RestoreOptions.builder().clean(true).build());
    }

    static NativeRestorer.CleanPlan planFor(byte[] script, RestoreOptions options) {
        NativeRestorer restorer = new NativeRestorer(
                new ConnectionSettings("127.0.0.1", 1, "nobody", null, "nodb", null, 1, null, null), options, null);
        try {
            return restorer.plan(new ScriptReader(new ByteArrayInputStream(script), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
