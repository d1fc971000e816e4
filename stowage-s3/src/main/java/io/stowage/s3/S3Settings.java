package io.stowage.s3;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.storage.StorageLocation;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where and how to reach one {@code s3://bucket/prefix}: everything but the credentials, which come
 * from the AWS SDK's default chain (environment, system properties, profile, web identity, container
 * or instance role) so they never pass through a location string, a log or a message.
 *
 * @param bucket    the bucket
 * @param prefix    the key prefix inside it, without leading or trailing '/' ({@code ""} for none)
 * @param endpoint  the service URL of an S3-compatible service, or empty for AWS itself
 * @param region    the signing region (empty: the SDK's default region chain, else us-east-1)
 * @param pathStyle whether buckets are addressed as {@code endpoint/bucket} rather than
 *                  {@code bucket.endpoint}; most S3-compatible services need it
 * @param partSize  the size of a multipart-upload part in bytes, which is also the write buffer
 */
public record S3Settings(String bucket, String prefix, Optional<URI> endpoint, Optional<String> region,
                         boolean pathStyle, int partSize) {
    /** S3 refuses parts below 5 MiB (except the last). */
    public static final int MIN_PART_SIZE = 5 << 20;
    /** The default part size: 8 MiB, as the AWS CLI uses. */
    public static final int DEFAULT_PART_SIZE = 8 << 20;
    private static final int MAX_PART_SIZE = 512 << 20;
    private static final Set<String> OPTIONS = Set.of("endpoint", "region", "path-style", "part-size");

    public S3Settings {
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new StowageException(ErrorCode.USAGE, "S3 part size " + partSize + " is out of range",
                    "use a part-size between 5MB and 512MB");
        }
    }

    /**
     * Reads the settings of an {@code s3://} location. Options: {@code endpoint} (else the
     * environment's STOWAGE_S3_ENDPOINT, then AWS_ENDPOINT_URL), {@code region} (else AWS_REGION),
     * {@code path-style=true|false} (default: true when an endpoint is set, since S3-compatible
     * services rarely have per-bucket host names), {@code part-size} (bytes, or with KB/MB suffix).
     *
     * @param env the process environment ({@code System.getenv()}), a parameter so tests can vary it
     */
    public static S3Settings from(StorageLocation location, Map<String, String> env) {
        for (String name : location.options().keySet()) {
            if (!OPTIONS.contains(name)) {
                throw new StowageException(ErrorCode.USAGE, "unknown option \"" + name + "\" in " + location,
                        "s3:// locations take " + String.join(", ", OPTIONS.stream().sorted().toList()));
            }
        }
        String endpointText = firstNonBlank(location.options().get("endpoint"), env.get("STOWAGE_S3_ENDPOINT"),
                env.get("AWS_ENDPOINT_URL"));
        Optional<URI> endpoint = Optional.ofNullable(endpointText).map(S3Settings::endpoint);
        Optional<String> region = Optional.ofNullable(firstNonBlank(location.options().get("region"), env.get("AWS_REGION")));
        String pathStyleText = location.options().get("path-style");
        boolean pathStyle = pathStyleText == null ? endpoint.isPresent() : bool("path-style", pathStyleText);
        int partSize = location.options().containsKey("part-size") ? size(location.options().get("part-size")) : DEFAULT_PART_SIZE;
        return new S3Settings(location.authority(), location.path(), endpoint, region, pathStyle, partSize);
    }

    /** The endpoint as shown in messages: scheme, host and port only (never user info). */
    public Optional<String> endpointDisplay() {
        return endpoint.map(u -> u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()));
    }

    private static URI endpoint(String text) {
        try {
            URI u = URI.create(text.strip());
            if (u.getScheme() == null || u.getHost() == null
                    || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            if (u.getUserInfo() != null) {
                throw new IllegalArgumentException("credentials do not belong in the endpoint");
            }
            return u;
        } catch (IllegalArgumentException e) {
            // the text is not echoed: a malformed URL might hold a secret
            throw new StowageException(ErrorCode.USAGE, "invalid S3 endpoint: " + e.getMessage().split("[:\n]")[0],
                    "give an URL such as http://127.0.0.1:9000 or https://s3.example.com");
        }
    }

    private static boolean bool(String name, String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1": return true;
            case "false", "no", "off", "0": return false;
            default: throw new StowageException(ErrorCode.USAGE, "option " + name + "=" + v + " is not true or false",
                    "use " + name + "=true or " + name + "=false");
        }
    }

    private static int size(String v) {
        String t = v.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("MB") || t.endsWith("M")) {
            unit = 1 << 20;
        } else if (t.endsWith("KB") || t.endsWith("K")) {
            unit = 1 << 10;
        }
        try {
            long n = Long.parseLong(t.replaceAll("[KMB]+$", "")) * unit;
            return (int) Math.min(n, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw new StowageException(ErrorCode.USAGE, "option part-size=" + v + " is not a size", "use for example part-size=16MB");
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
