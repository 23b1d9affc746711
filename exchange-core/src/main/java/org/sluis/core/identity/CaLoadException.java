package org.sluis.core.identity;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The CA's key material could not be created, read or decrypted: a wrong password, a damaged or
 * missing key store, a PEM file holding something other than the expected key or certificate, or
 * a key that does not belong to the certificate.
 *
 * <p>The message names the file and the problem in words an operator can act on; library
 * internals stay in the cause.
 */
public final class CaLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates a failure.
     *
     * @param message what was expected and what was found, naming the file
     */
    public CaLoadException(String message) {
        super(message);
    }

    /**
     * Creates a failure caused by an I/O, key store or crypto error.
     *
     * @param message what was expected and what was found, naming the file
     * @param cause the underlying failure, kept for logs
     */
    public CaLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A read failure in operator words: "no such file", "permission denied", or the I/O message. */
    static CaLoadException cannotRead(String what, Path path, IOException cause) {
        String reason = cause instanceof NoSuchFileException ? "no such file"
                : cause instanceof AccessDeniedException ? "permission denied" : String.valueOf(cause.getMessage());
        return new CaLoadException("cannot read " + what + " " + path + ": " + reason, cause);
    }
}
