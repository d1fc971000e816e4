package io.stowage.core.error;

/**
 * An engine's refusal of something it cannot carry (a server version outside its range, an archive
 * version it cannot read), raised before it has written or changed anything: the one failure after
 * which another engine may be tried ({@code --engine auto}). Ordinary failures (a wrong password, a
 * missing database, a server error) are never of this type, so they are reported as they are.
 *
 * <p>Its {@link #code()} is the exit code the refusal has when nothing falls back.
 */
public class EngineUnsupportedException extends StowageException {
    private static final long serialVersionUID = 1L;

    public EngineUnsupportedException(ErrorCode code, String message, String fix) {
        super(code, message, fix);
    }

    public EngineUnsupportedException(ErrorCode code, String message, String fix, Throwable cause) {
        super(code, message, fix, cause);
    }
}
