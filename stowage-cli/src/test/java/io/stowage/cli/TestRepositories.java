package io.stowage.cli;

import io.stowage.testkit.S3Server;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Fresh, empty backup repositories for tests: a new directory, or a new prefix in the one in-process
 * S3 server that every test class of this JVM shares (started on first use, stopped at exit).
 */
final class TestRepositories {
    private static final String BUCKET = "stowage-tests";
    private static S3Server s3;

    private TestRepositories() {
    }

    /** A new repository: {@code kind} {@code "s3"} on the shared S3 server, anything else a directory under {@code temp}. */
    static String fresh(String kind, Path temp) {
        String name = "repo-" + UUID.randomUUID();
        return kind.equals("s3") ? s3Location(name) : temp.resolve(name).toString();
    }

    /** A new repository on the shared S3 server. */
    static String freshS3() {
        return s3Location("repo-" + UUID.randomUUID());
    }

    /** The shared S3 server, with the AWS SDK's credentials (system properties, which the CLI in this JVM reads) set. */
    static synchronized S3Server s3() {
        if (s3 == null) {
            S3Server started = S3Server.start(BUCKET);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop shared S3 server"));
            s3 = started;
        }
        // set on every use: a test that ran its own server may have changed or cleared them
        System.setProperty("aws.accessKeyId", s3.accessKey());
        System.setProperty("aws.secretAccessKey", s3.secretKey());
        return s3;
    }

    private static String s3Location(String prefix) {
        return "s3://" + BUCKET + "/" + prefix + "?endpoint=" + s3().endpoint() + "&region=us-east-1";
    }
}
