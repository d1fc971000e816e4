package io.stowage.testkit;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import java.net.URI;
import java.util.UUID;

/**
 * A real S3 service inside the test JVM: s3proxy over an in-memory blob store, on a free port of
 * 127.0.0.1, with AWS signature authentication (V2 or V4) and fresh random credentials, so a client
 * that sends no or wrong credentials fails as it would against S3.
 *
 * <p>Modules that start one declare {@code org.gaul:s3proxy} and {@code jakarta.servlet-api} in test
 * scope: the test kit carries them as optional dependencies so that its other users do not load
 * s3proxy's 90 jars. Clients must use path-style addressing ({@code http://127.0.0.1:PORT/bucket}).
 */
public final class S3Server implements AutoCloseable {
    private final S3Proxy proxy;
    private final BlobStore store;
    private final String accessKey;
    private final String secretKey;

    private S3Server(S3Proxy proxy, BlobStore store, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.store = store;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts a server holding the given (empty) buckets. */
    public static S3Server start(String... buckets) {
        BlobStore store = new TransientNio2BlobStore();
        String accessKey = "AKTEST" + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
        String secretKey = UUID.randomUUID() + "/" + UUID.randomUUID();
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            // start() returns before the connector is bound; wait until it has its port
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        }
        S3Server server = new S3Server(proxy, store, accessKey, secretKey);
        for (String bucket : buckets) {
            server.createBucket(bucket);
        }
        return server;
    }

    /** Creates an empty bucket. */
    public void createBucket(String bucket) {
        store.createContainer(bucket);
    }

    /** The service URL, for example {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** The access key id the server accepts. */
    public String accessKey() {
        return accessKey;
    }

    /** The secret key the server accepts. */
    public String secretKey() {
        return secretKey;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy", e);
        }
    }
}
