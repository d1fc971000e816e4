package io.stowage.s3;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.storage.Storage;
import io.stowage.core.storage.StorageLocation;
import io.stowage.core.storage.StorageOutput;
import io.stowage.core.storage.StoredObject;
import io.stowage.testkit.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3StorageTest {
    private static final String BUCKET = "stowage-test";
    private static S3Server server;
    private static S3Client raw;

    /** Counts UploadPart requests and fails the one numbered {@link #failPart} (0: none). */
    private static final AtomicInteger PARTS = new AtomicInteger();
    private static volatile int failPart;

    @BeforeAll
    static void start() {
        server = S3Server.start(BUCKET);
        raw = S3Storage.builder(settings("")).credentialsProvider(credentials()).build();
    }

    @AfterAll
    static void stop() {
        raw.close();
        server.close();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(), server.secretKey()));
    }

    private static S3Settings settings(String prefix) {
        return S3Settings.from(StorageLocation.parse("s3://" + BUCKET + "/" + prefix
                + "?endpoint=" + server.endpoint() + "&region=us-east-1"), Map.of());
    }

    /** A storage whose client counts (and on request fails) part uploads. */
    private static S3Storage storage(String prefix) {
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                SdkRequest r = context.request();
                if (r instanceof UploadPartRequest up) {
                    PARTS.incrementAndGet();
                    if (up.partNumber() == failPart) {
                        throw new IllegalStateException("injected failure of part " + failPart);
                    }
                }
            }
        };
        S3Settings s = settings(prefix);
        return new S3Storage(S3Storage.builder(s).credentialsProvider(credentials())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build(), s);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void write(StorageOutput out, byte[] data) throws IOException {
        // odd-sized writes, so that part boundaries fall inside a write
        for (int off = 0; off < data.length; off += 100_003) {
            out.write(data, off, Math.min(100_003, data.length - off));
        }
    }

    private static byte[] read(Storage s, String key) throws IOException {
        try (InputStream in = s.open(key)) {
            return in.readAllBytes();
        }
    }

    private static int pendingUploads() {
        return raw.listMultipartUploads(r -> r.bucket(BUCKET)).uploads().size();
    }

    @Test
    void aLargeObjectGoesUpInPartsAndComesBackIdentical() throws Exception {
        byte[] data = random(30 << 20, 1);
        try (S3Storage s = storage("large")) {
            int before = PARTS.get();
            StorageOutput out = s.create("b1/archive.dump");
            write(out, data);
            // three full 8 MiB parts are sent before close; the last 6 MiB wait in the buffer
            assertThat(PARTS.get() - before).isEqualTo(3);
            assertThat(s.stat("b1/archive.dump")).isEmpty(); // not visible before close
            out.close();
            assertThat(PARTS.get() - before).isEqualTo(4);

            String etag = raw.headObject(r -> r.bucket(BUCKET).key("large/b1/archive.dump")).eTag();
            assertThat(etag).contains("-4"); // the ETag of a 4-part multipart upload
            assertThat(s.stat("b1/archive.dump")).get().extracting(StoredObject::size).isEqualTo((long) data.length);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            assertThat(md.digest(read(s, "b1/archive.dump"))).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
            assertThat(pendingUploads()).isZero();
        }
    }

    @Test
    void aSmallObjectGoesAsOnePut() throws Exception {
        try (S3Storage s = storage("small")) {
            int before = PARTS.get();
            StorageOutput out = s.create("meta.json");
            out.write("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            out.close();
            StorageOutput empty = s.create("empty");
            empty.close();
            assertThat(PARTS.get()).isEqualTo(before);
            assertThat(raw.headObject(r -> r.bucket(BUCKET).key("small/meta.json")).eTag()).doesNotContain("-");
            assertThat(read(s, "meta.json")).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\":1}");
            assertThat(read(s, "empty")).isEmpty();
        }
    }

    @Test
    void listsWithPrefixStatsAndDeletes() throws Exception {
        try (S3Storage s = storage("repo")) {
            for (String key : List.of("b/2/x", "b/1/x", "a", "bz")) {
                StorageOutput out = s.create(key);
                out.write(key.getBytes(StandardCharsets.UTF_8));
                out.close();
            }
            // an object outside the prefix and a folder marker inside it are not keys of this storage
            raw.putObject(r -> r.bucket(BUCKET).key("repository/other"), software.amazon.awssdk.core.sync.RequestBody.fromString("o"));
            raw.putObject(r -> r.bucket(BUCKET).key("repo/folder/"), software.amazon.awssdk.core.sync.RequestBody.empty());

            assertThat(s.list("").stream().map(StoredObject::key)).containsExactly("a", "b/1/x", "b/2/x", "bz");
            assertThat(s.list("b/").stream().map(StoredObject::key)).containsExactly("b/1/x", "b/2/x");
            assertThat(s.list("b")).extracting(StoredObject::key, StoredObject::size)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("b/1/x", 5L), org.assertj.core.groups.Tuple.tuple("b/2/x", 5L),
                            org.assertj.core.groups.Tuple.tuple("bz", 2L));
            assertThat(s.stat("b/1/x")).map(StoredObject::size).contains(5L);
            assertThat(s.stat("b/1")).isEmpty();

            s.delete("b/1/x");
            s.delete("b/1/x");
            s.delete("never");
            assertThat(s.stat("b/1/x")).isEmpty();
            assertThat(s.list("b/").stream().map(StoredObject::key)).containsExactly("b/2/x");
            assertThatThrownBy(() -> s.open("b/1/x")).isInstanceOfSatisfying(StowageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
                assertThat(e.getMessage()).contains("\"b/1/x\"").contains("s3://" + BUCKET + "/repo");
            });
            assertThatThrownBy(() -> s.create("../escape")).isInstanceOfSatisfying(StowageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
        }
    }

    @Test
    void abortMidUploadLeavesNoObjectAndNoParts() throws Exception {
        try (S3Storage s = storage("aborted")) {
            StorageOutput out = s.create("x");
            write(out, random(20 << 20, 2));
            assertThat(pendingUploads()).isEqualTo(1); // two parts are up: the upload exists
            out.abort();
            out.close();
            assertThat(pendingUploads()).isZero();
            assertThat(s.stat("x")).isEmpty();
            assertThat(s.list("")).isEmpty();
        }
    }

    @Test
    void aFailedPartAbortsTheUpload() throws Exception {
        try (S3Storage s = storage("failed")) {
            failPart = 2;
            try {
                StorageOutput out = s.create("x");
                assertThatThrownBy(() -> write(out, random(20 << 20, 3))).hasMessageContaining("injected failure");
                out.close(); // nothing left to publish
            } finally {
                failPart = 0;
            }
            assertThat(pendingUploads()).isZero();
            assertThat(s.stat("x")).isEmpty();
        }
    }

    @Test
    void anUnreachableEndpointGivesOneCleanLine() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        S3Settings s = S3Settings.from(StorageLocation.parse("s3://" + BUCKET + "/p?endpoint=http://127.0.0.1:" + port), Map.of());
        try (S3Storage storage = S3Storage.open(s, credentials())) {
            assertThatThrownBy(() -> storage.list("")).isInstanceOfSatisfying(StowageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION);
                assertThat(e.oneLine()).doesNotContain("\n").contains("s3://" + BUCKET + "/p")
                        .contains("127.0.0.1:" + port)
                        .doesNotContain(server.secretKey()).doesNotContain(server.accessKey());
            });
        }
    }

    @Test
    void wrongCredentialsAreAnAuthenticationError() {
        try (S3Storage storage = S3Storage.open(settings("p"),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(), "wrong-secret-123")))) {
            assertThatThrownBy(() -> storage.list("")).isInstanceOfSatisfying(StowageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
                assertThat(e.oneLine()).doesNotContain("wrong-secret-123").doesNotContain("\n");
            });
        }
    }

    @Test
    void theProviderOpensS3LocationsWithTheDefaultCredentialChain() throws Exception {
        // the default chain reads the aws.* system properties before the environment
        System.setProperty("aws.accessKeyId", server.accessKey());
        System.setProperty("aws.secretAccessKey", server.secretKey());
        try (Storage s = StorageLocation.open("s3://" + BUCKET + "/via-provider?endpoint=" + server.endpoint() + "&region=us-east-1")) {
            assertThat(s).isInstanceOf(S3Storage.class);
            assertThat(s.describe()).isEqualTo("s3://" + BUCKET + "/via-provider at " + server.endpoint());
            StorageOutput out = s.create("k");
            out.write(42);
            out.close();
            assertThat(s.stat("k")).map(StoredObject::size).isEqualTo(Optional.of(1L));
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void settingsComeFromOptionsThenTheEnvironment() {
        S3Settings fromEnv = S3Settings.from(StorageLocation.parse("s3://b/p/q"),
                Map.of("AWS_ENDPOINT_URL", "https://minio.example:9000", "AWS_REGION", "eu-west-1"));
        assertThat(fromEnv).isEqualTo(new S3Settings("b", "p/q", Optional.of(java.net.URI.create("https://minio.example:9000")),
                Optional.of("eu-west-1"), true, S3Settings.DEFAULT_PART_SIZE));
        S3Settings stowageFirst = S3Settings.from(StorageLocation.parse("s3://b?path-style=false&part-size=16MB"),
                Map.of("AWS_ENDPOINT_URL", "https://a.example", "STOWAGE_S3_ENDPOINT", "https://s.example"));
        assertThat(stowageFirst.endpoint()).map(Object::toString).contains("https://s.example");
        assertThat(stowageFirst.pathStyle()).isFalse();
        assertThat(stowageFirst.partSize()).isEqualTo(16 << 20);
        assertThat(S3Settings.from(StorageLocation.parse("s3://b"), Map.of()).pathStyle()).isFalse();
        assertThatThrownBy(() -> S3Settings.from(StorageLocation.parse("s3://b?part-size=1MB"), Map.of()))
                .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
        assertThatThrownBy(() -> S3Settings.from(StorageLocation.parse("s3://b?secret=x"), Map.of()))
                .isInstanceOf(StowageException.class).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> S3Settings.from(StorageLocation.parse("s3://b?endpoint=http://user:pw@h"), Map.of()))
                .isInstanceOf(StowageException.class).message().doesNotContain("pw");
    }
}
