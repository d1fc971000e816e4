package io.stowage.core.crypto;

import io.stowage.core.connect.PasswordPrompter;
import io.stowage.core.connect.Secret;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the passphrase, in this order: {@code --passphrase-file FILE} when given, then the
 * {@value #ENV} environment variable, then a prompt on the console (no echo).
 */
public final class PassphraseSource {
    /** The environment variable holding the passphrase. */
    public static final String ENV = "STOWAGE_PASSPHRASE";
    private static final String HOW = "set " + ENV + ", give --passphrase-file FILE, or run on a terminal to be asked";
    private static final long MAX_FILE_SIZE = 64 * 1024;

    private final Map<String, String> environment;
    private final PasswordPrompter prompter;

    /**
     * @param environment the process environment (tests pass their own)
     * @param prompter    asks on the console; {@link PasswordPrompter#console()} in the CLI
     */
    public PassphraseSource(Map<String, String> environment, PasswordPrompter prompter) {
        this.environment = Map.copyOf(environment);
        this.prompter = prompter;
    }

    /** Reads the environment and the process console. */
    public static PassphraseSource system() {
        return new PassphraseSource(System.getenv(), PasswordPrompter.console());
    }

    /**
     * The passphrase.
     *
     * @param passphraseFile the {@code --passphrase-file} option, or {@code null}
     * @param confirm        when prompting, ask twice (for a new passphrase when encrypting)
     */
    public Passphrase resolve(Path passphraseFile, boolean confirm) {
        if (passphraseFile != null) {
            return fromFile(passphraseFile);
        }
        String fromEnv = environment.get(ENV);
        if (fromEnv != null) {
            if (fromEnv.isEmpty()) {
                throw new StowageException(ErrorCode.USAGE, ENV + " is set but empty", "set it to the passphrase");
            }
            return Passphrase.of(fromEnv.toCharArray());
        }
        char[] first = prompt("Passphrase: ");
        try {
            if (confirm) {
                char[] second = prompt("Repeat the passphrase: ");
                try {
                    if (!Arrays.equals(first, second)) {
                        throw new StowageException(ErrorCode.USAGE, "the two passphrases differ", "type the same one twice");
                    }
                } finally {
                    Arrays.fill(second, '\0');
                }
            }
            return Passphrase.of(first);
        } finally {
            Arrays.fill(first, '\0');
        }
    }

    private char[] prompt(String text) {
        Optional<Secret> typed = prompter.prompt(text);
        if (typed.isEmpty()) {
            throw new StowageException(ErrorCode.USAGE, "a passphrase is needed and there is no terminal to ask for it", HOW);
        }
        char[] chars = typed.get().reveal().toCharArray();
        if (chars.length == 0) {
            throw new StowageException(ErrorCode.USAGE, "the passphrase is empty", "type a passphrase");
        }
        return chars;
    }

    /** The file's content as UTF-8, without one trailing line end (files written with echo have one). */
    private static Passphrase fromFile(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw new StowageException(ErrorCode.INPUT, "passphrase file " + file + " is too large",
                        "a passphrase file holds the passphrase on one line");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read passphrase file " + file + ": " + e.getMessage(),
                    "check the path and its permissions", e);
        }
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
            if (end > 0 && bytes[end - 1] == '\r') {
                end--;
            }
        }
        CharBuffer chars = null;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, end));
            char[] passphrase = new char[chars.remaining()];
            chars.get(passphrase);
            if (passphrase.length == 0) {
                throw new StowageException(ErrorCode.INPUT, "passphrase file " + file + " is empty",
                        "write the passphrase into it");
            }
            try {
                return Passphrase.of(passphrase);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        } catch (CharacterCodingException e) {
            throw new StowageException(ErrorCode.INPUT, "passphrase file " + file + " is not UTF-8 text",
                    "write the passphrase as UTF-8 text", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (chars != null && chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
        }
    }
}
