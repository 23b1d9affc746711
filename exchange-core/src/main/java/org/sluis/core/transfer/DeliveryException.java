package org.sluis.core.transfer;

import java.io.IOException;

/** The receiving end stopped taking bytes: the client disconnected, or a sink failed. The transfer aborts with what was sent. */
public final class DeliveryException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public DeliveryException(String message) {
        super(message);
    }
}
