package io.stowage.core.connect;

import java.util.Set;

/** libpq connection keywords, sorted by what Stowage does with them. */
final class Keywords {
    /** Keywords Stowage resolves and uses. */
    static final Set<String> SUPPORTED = Set.of(
            "host", "port", "user", "password", "passfile", "dbname", "service",
            "sslmode", "sslcert", "sslkey", "sslrootcert", "sslcrl", "sslcrldir",
            "connect_timeout", "application_name", "fallback_application_name",
            "options", "channel_binding", "target_session_attrs");

    /** Keywords that only tune the transport: accepted with a warning and otherwise ignored. */
    static final Set<String> IGNORED = Set.of(
            "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
            "sslsni", "sslcompression");

    /** Keywords libpq knows that change behaviour Stowage cannot reproduce: rejected with a clear error. */
    static final Set<String> UNSUPPORTED = Set.of(
            "hostaddr", "client_encoding", "replication", "sslpassword", "sslcertmode", "sslnegotiation",
            "ssl_min_protocol_version", "ssl_max_protocol_version", "requirepeer", "require_auth", "gssencmode",
            "krbsrvname", "gsslib", "gssdelegation", "load_balance_hosts", "servicefile",
            "min_protocol_version", "max_protocol_version");

    private Keywords() {
    }

    /** Whether libpq itself would accept {@code keyword}. */
    static boolean known(String keyword) {
        return SUPPORTED.contains(keyword) || IGNORED.contains(keyword) || UNSUPPORTED.contains(keyword);
    }
}
