package io.atoll.security.tls;

/**
 * A certificate, key or CA file that cannot be used, with a message naming the file and what is wrong with it.
 * Messages never quote the file's contents, so they are safe to log and to print at startup.
 */
public final class TlsFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlsFileException(String message) {
        super(message);
    }

    public TlsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
