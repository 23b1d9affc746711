package org.sluis.connectors.net;

import java.io.IOException;
import java.net.InetAddress;

/**
 * A source or sink host was refused because it resolves to an address the exchange may not reach:
 * the security-relevant failure of {@link NetworkGuard}, kept apart from network errors so the
 * caller can answer it as a refusal rather than an upstream fault.
 */
public final class BlockedAddressException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final String address;
    private final String range;

    /**
     * Creates the refusal.
     *
     * @param host    the host as the URL named it
     * @param address the address it resolved to that is refused
     * @param range   the kind of range the address lies in, e.g. {@code loopback}
     */
    public BlockedAddressException(String host, InetAddress address, String range) {
        super("refused host " + host + ": it resolves to " + address.getHostAddress() + ", a " + range
                + " address, and no allowed network contains it");
        this.host = host;
        this.address = address.getHostAddress();
        this.range = range;
    }

    /**
     * Returns the host the URL named.
     *
     * @return the host, e.g. {@code localhost}
     */
    public String host() {
        return host;
    }

    /**
     * Returns the refused address.
     *
     * @return its textual form, e.g. {@code 127.0.0.1}
     */
    public String address() {
        return address;
    }

    /**
     * Returns the kind of range the refused address lies in.
     *
     * @return e.g. {@code loopback}, {@code private}, {@code link-local}
     */
    public String range() {
        return range;
    }
}
