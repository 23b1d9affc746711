package org.sluis.core.identity;

/** Thrown by a {@link ChainValidator} when a presented chain does not lead to a trust anchor or is not valid. */
public final class UntrustedCertificateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param m what was expected of the chain and what was found
     */
    public UntrustedCertificateException(String m) {
        super(m);
    }
}
