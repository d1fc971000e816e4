package io.stowage.s3;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns the SDK's exceptions into one-line {@link StowageException}s. The SDK's messages carry
 * request ids and, for client errors, several lines; they never carry the secret key, and neither
 * does anything added here.
 */
final class S3Errors {
    private S3Errors() {
    }

    /**
     * @param what     what was being done, e.g. {@code "write \"k\" to s3://b/p"}
     * @param otherwise the code when the failure is neither access nor connection
     */
    static StowageException wrap(SdkException e, String what, ErrorCode otherwise) {
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String detail = "HTTP " + s3.statusCode() + (code == null ? "" : " " + code);
            if (s3.statusCode() == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
                return new StowageException(ErrorCode.AUTHENTICATION, "S3 refused to " + what + " (" + detail + ")",
                        "check the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE) and the bucket policy", e);
            }
            if ("NoSuchBucket".equals(code)) {
                return new StowageException(otherwise, "cannot " + what + ": the bucket does not exist (" + detail + ")",
                        "create the bucket or fix the location", e);
            }
            return new StowageException(otherwise, "cannot " + what + " (" + detail + ")", null, e);
        }
        if (e instanceof SdkClientException && isCredentialsProblem(e)) {
            return new StowageException(ErrorCode.AUTHENTICATION, "cannot " + what + ": no AWS credentials found",
                    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE", e);
        }
        return new StowageException(ErrorCode.CONNECTION, "cannot " + what + ": " + firstLine(e.getMessage()),
                "check the endpoint, region and network", e);
    }

    private static boolean isCredentialsProblem(SdkException e) {
        String m = e.getMessage();
        return m != null && m.contains("Unable to load credentials");
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "unknown error";
        }
        String line = m.strip().lines().findFirst().orElse("unknown error");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
