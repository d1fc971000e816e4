package io.stowage.core.connect;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

/** libpq's {@code sslmode} values. */
public enum SslMode {
    DISABLE("disable"), ALLOW("allow"), PREFER("prefer"), REQUIRE("require"), VERIFY_CA("verify-ca"), VERIFY_FULL("verify-full");

    private final String keyword;

    SslMode(String keyword) {
        this.keyword = keyword;
    }

    /** The spelling libpq uses, for example {@code verify-full}. */
    public String keyword() {
        return keyword;
    }

    public static SslMode parse(String value) {
        for (SslMode m : values()) {
            if (m.keyword.equals(value)) {
                return m;
            }
        }
        throw new StowageException(ErrorCode.USAGE, "invalid sslmode value: \"" + value + "\"",
                "use disable, allow, prefer, require, verify-ca or verify-full");
    }
}
