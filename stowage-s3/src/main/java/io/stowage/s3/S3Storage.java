package io.stowage.s3;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.storage.Storage;
import io.stowage.core.storage.StorageKeys;
import io.stowage.core.storage.StorageOutput;
import io.stowage.core.storage.StoredObject;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Storage} in an S3 bucket under a key prefix, on AWS or any S3-compatible service: key
 * {@code a/b} of {@code s3://bucket/pre} is the object {@code pre/a/b}.
 *
 * <p>Writes stream through one part-sized buffer ({@link S3Settings#partSize()}) as a multipart
 * upload and never make a local copy; S3 itself makes an object visible only when its upload
 * completes, which gives the atomicity {@link Storage#create} promises.
 */
public final class S3Storage implements Storage {
    private final S3Client client;
    private final S3Settings settings;
    private final String base;

    /** Wraps a client built elsewhere (tests, applications with their own SDK setup); closes it on {@link #close()}. */
    public S3Storage(S3Client client, S3Settings settings) {
        this.client = client;
        this.settings = settings;
        this.base = settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
    }

    /** Opens the storage with credentials from the SDK's default chain. */
    public static S3Storage open(S3Settings settings) {
        return open(settings, DefaultCredentialsProvider.builder().build());
    }

    /** Opens the storage with the given credentials. */
    public static S3Storage open(S3Settings settings, AwsCredentialsProvider credentials) {
        try {
            return new S3Storage(builder(settings).credentialsProvider(credentials).build(), settings);
        } catch (SdkException e) {
            throw S3Errors.wrap(e, "set up S3 access to " + display(settings), ErrorCode.CONNECTION);
        }
    }

    /** A client builder with the settings' endpoint, region and addressing; credentials left to the caller. */
    public static S3ClientBuilder builder(S3Settings settings) {
        S3ClientBuilder b = S3Client.builder()
                .region(region(settings))
                .forcePathStyle(settings.pathStyle());
        settings.endpoint().ifPresent(uri -> b.endpointOverride(uri)
                // S3-compatible services often reject the newer flexible checksums the SDK sends by
                // default; Stowage checks every byte with its own SHA-256 manifest anyway
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        return b;
    }

    private static Region region(S3Settings settings) {
        if (settings.region().isPresent()) {
            return Region.of(settings.region().get());
        }
        try {
            // with a custom endpoint the region is only a signing label: look in the profile but do
            // not wait for the EC2 metadata service, which the default chain would ask last
            return settings.endpoint().isPresent()
                    ? new AwsProfileRegionProvider().getRegion()
                    : DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkException e) {
            return Region.US_EAST_1;
        }
    }

    /** The settings this storage uses. */
    public S3Settings settings() {
        return settings;
    }

    @Override
    public StorageOutput create(String key) {
        return new S3Output(client, settings.bucket(), objectKey(key), settings.partSize(), quoted(key));
    }

    @Override
    public InputStream open(String key) {
        String objectKey = objectKey(key);
        try {
            return client.getObject(r -> r.bucket(settings.bucket()).key(objectKey));
        } catch (NoSuchKeyException e) {
            throw notFound(key, e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !isNoSuchBucket(e)) {
                throw notFound(key, e);
            }
            throw S3Errors.wrap(e, "read " + quoted(key), ErrorCode.INPUT);
        } catch (SdkException e) {
            throw S3Errors.wrap(e, "read " + quoted(key), ErrorCode.INPUT);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        String objectKey = objectKey(key);
        try {
            HeadObjectResponse h = client.headObject(r -> r.bucket(settings.bucket()).key(objectKey));
            return Optional.of(new StoredObject(key, h.contentLength(), h.lastModified()));
        } catch (S3Exception e) {
            // HEAD responses have no body, so a missing bucket is a bare 404 too: tell them apart by listing
            if (e.statusCode() == 404) {
                requireBucket("read " + quoted(key));
                return Optional.empty();
            }
            throw S3Errors.wrap(e, "read " + quoted(key), ErrorCode.INPUT);
        } catch (SdkException e) {
            throw S3Errors.wrap(e, "read " + quoted(key), ErrorCode.INPUT);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        StorageKeys.checkPrefix(prefix);
        List<StoredObject> found = new ArrayList<>();
        try {
            for (S3Object o : client.listObjectsV2Paginator(r -> r.bucket(settings.bucket()).prefix(base + prefix)).contents()) {
                String key = o.key().substring(base.length());
                // objects another tool put there under names that are no keys (folder markers "x/") are not ours
                if (isKey(key)) {
                    found.add(new StoredObject(key, o.size(), o.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw S3Errors.wrap(e, "list " + describe(), ErrorCode.INPUT);
        }
        found.sort(Comparator.comparing(StoredObject::key));
        return found;
    }

    @Override
    public void delete(String key) {
        String objectKey = objectKey(key);
        try {
            client.deleteObject(r -> r.bucket(settings.bucket()).key(objectKey));
        } catch (SdkException e) {
            throw S3Errors.wrap(e, "delete " + quoted(key), ErrorCode.OUTPUT);
        }
    }

    @Override
    public String describe() {
        return display(settings);
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "S3Storage[" + describe() + "]";
    }

    private static String display(S3Settings s) {
        return "s3://" + s.bucket() + (s.prefix().isEmpty() ? "" : "/" + s.prefix())
                + s.endpointDisplay().map(e -> " at " + e).orElse("");
    }

    private String objectKey(String key) {
        return base + StorageKeys.check(key);
    }

    private String quoted(String key) {
        return "\"" + key + "\" in " + describe();
    }

    private void requireBucket(String what) {
        try {
            client.headBucket(r -> r.bucket(settings.bucket()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new StowageException(ErrorCode.INPUT, "cannot " + what + ": the bucket does not exist",
                        "create the bucket or fix the location", e);
            }
            throw S3Errors.wrap(e, what, ErrorCode.INPUT);
        }
    }

    private static boolean isNoSuchBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    private static boolean isKey(String key) {
        try {
            StorageKeys.check(key);
            return true;
        } catch (StowageException e) {
            return false;
        }
    }

    private StowageException notFound(String key, Throwable cause) {
        return new StowageException(ErrorCode.INPUT, "no object " + quoted(key),
                "check the key (list the storage to see what is there)", cause);
    }
}
