package org.sluis.connectors.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network in CIDR notation, e.g. {@code 10.0.0.0/8} or {@code ::1/128}. */
public record Cidr(InetAddress network, int prefixLength) {
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    /** Validates that the prefix fits the address family and no host bits are set. */
    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0.." + bits + ", found " + prefixLength);
        }
        if (!network.equals(mask(network, prefixLength))) {
            throw new IllegalArgumentException("host bits set in " + network.getHostAddress() + "/" + prefixLength);
        }
    }

    /** Parses {@code address/prefix}; a bare address means that single host. */
    public static Cidr parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        // Only literals: InetAddress.getByName would otherwise resolve host names through DNS.
        if (address.isEmpty() || !LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException("expected an IP address literal with optional /prefix, found '" + text + "'");
        }
        try {
            InetAddress ip = InetAddress.getByName(address);
            int prefix = slash < 0 ? ip.getAddress().length * 8 : Integer.parseInt(s.substring(slash + 1));
            return new Cidr(ip, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("expected an IP address literal with optional /prefix, found '" + text + "'", e);
        }
    }

    /** True when {@code address} lies inside this network (never across address families). */
    public boolean contains(InetAddress address) {
        return address.getAddress().length == network.getAddress().length
                && mask(address, prefixLength).equals(network);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static InetAddress mask(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a masked address has the same length as its source", e);
        }
    }
}
