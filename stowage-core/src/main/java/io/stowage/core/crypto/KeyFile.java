package io.stowage.core.crypto;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reads a raw key file ({@code --key-file}): exactly 32 raw bytes, or 64 hexadecimal characters, or
 * the base64 of 32 bytes; surrounding whitespace (a trailing newline) is allowed in the text forms.
 */
public final class KeyFile {
    private static final String FORMS = "32 raw bytes, 64 hex characters, or the base64 of 32 bytes";
    /** Far above every valid form; keeps a mistaken multi-gigabyte path from being read into memory. */
    private static final long MAX_SIZE = 4096;

    private KeyFile() {
    }

    /** Reads the key in {@code file}, or fails naming the file and the accepted forms. */
    public static EncryptionKey read(Path file) {
        byte[] content = readBounded(file);
        try {
            return EncryptionKey.adopt(parse(file, content));
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * The form is decided by what the content can be: 32 bytes that are not all hex digits are raw,
     * 64 hex digits are hex, and base64 of 32 bytes is 44 characters.
     */
    private static byte[] parse(Path file, byte[] content) {
        if (content.length == EncryptionKey.LENGTH) {
            return content.clone();
        }
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        try {
            if (text.length() == 2 * EncryptionKey.LENGTH && isHex(text)) {
                return HexFormat.of().parseHex(text);
            }
            if (text.length() == 44) {
                byte[] decoded = Base64.getDecoder().decode(text);
                if (decoded.length == EncryptionKey.LENGTH) {
                    return decoded;
                }
            }
        } catch (IllegalArgumentException e) {
            // not base64 after all: fall through to the common error (never show the content: it is a key)
        }
        throw new StowageException(ErrorCode.INPUT,
                "key file " + file + " holds no usable key (" + content.length + " bytes)",
                "a key file holds " + FORMS + "; create one with: head -c 32 /dev/urandom > " + file.getFileName());
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] readBounded(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_SIZE) {
                throw new StowageException(ErrorCode.INPUT,
                        "key file " + file + " is too large to be a key (" + size + " bytes)",
                        "a key file holds " + FORMS);
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new StowageException(ErrorCode.INPUT, "key file " + file + " does not exist",
                    "give the path of a file holding " + FORMS, e);
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read key file " + file + ": " + e.getMessage(),
                    "check the path and its permissions", e);
        }
    }
}
