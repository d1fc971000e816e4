package io.stowage.s3;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.storage.StorageOutput;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams one object to S3 through a single part-sized buffer: an object that fits in it goes as one
 * PutObject on close; a larger one becomes a multipart upload, started when the buffer overflows
 * for the first time, one UploadPart per full buffer, completed on close. Any failure, and {@link
 * #abort()}, aborts the multipart upload so no parts are left behind to be billed.
 */
final class S3Output extends StorageOutput {
    private final S3Client client;
    private final String bucket;
    private final String objectKey;
    private final String what;
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] buffer;
    private int length;
    private String uploadId;
    private boolean done;

    S3Output(S3Client client, String bucket, String objectKey, int partSize, String what) {
        this.client = client;
        this.bucket = bucket;
        this.objectKey = objectKey;
        this.what = what;
        this.buffer = new byte[partSize];
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (done) {
            throw new IOException("stream for " + what + " is closed");
        }
        while (len > 0) {
            // a full buffer is sent only once more data arrives, so an object of exactly one part
            // still goes as a single PutObject
            if (length == buffer.length) {
                uploadPart();
            }
            int n = Math.min(len, buffer.length - length);
            System.arraycopy(b, off, buffer, length, n);
            length += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            if (uploadId == null) {
                client.putObject(r -> r.bucket(bucket).key(objectKey).contentLength((long) length), body());
            } else {
                if (length > 0) {
                    sendPart();
                }
                client.completeMultipartUpload(r -> r.bucket(bucket).key(objectKey).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            }
        } catch (SdkException e) {
            abortUpload();
            throw S3Errors.wrap(e, "write " + what, ErrorCode.OUTPUT);
        } catch (RuntimeException e) {
            abortUpload();
            throw e;
        } finally {
            buffer = null;
        }
    }

    @Override
    public void abort() {
        if (!done) {
            done = true;
            buffer = null;
            abortUpload();
        }
    }

    /** The number of parts uploaded so far (0 for a single PutObject); for tests and progress. */
    int partsUploaded() {
        return parts.size();
    }

    private void uploadPart() {
        try {
            if (uploadId == null) {
                uploadId = client.createMultipartUpload(r -> r.bucket(bucket).key(objectKey)).uploadId();
            }
            sendPart();
        } catch (SdkException e) {
            done = true;
            buffer = null;
            abortUpload();
            throw S3Errors.wrap(e, "write " + what, ErrorCode.OUTPUT);
        } catch (RuntimeException e) {
            done = true;
            buffer = null;
            abortUpload();
            throw e;
        }
    }

    private void sendPart() {
        int number = parts.size() + 1;
        String etag = client.uploadPart(r -> r.bucket(bucket).key(objectKey).uploadId(uploadId)
                .partNumber(number).contentLength((long) length), body()).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        length = 0;
    }

    /** The buffer's content without a copy: the provider is re-read when the SDK retries. */
    private RequestBody body() {
        byte[] b = buffer;
        int n = length;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(b, 0, n), n, "application/octet-stream");
    }

    private void abortUpload() {
        if (uploadId == null) {
            return;
        }
        try {
            client.abortMultipartUpload(r -> r.bucket(bucket).key(objectKey).uploadId(uploadId));
        } catch (SdkException ignored) {
            // the original failure is what the user needs; a bucket lifecycle rule can reap the rest
        }
        uploadId = null;
    }

}
