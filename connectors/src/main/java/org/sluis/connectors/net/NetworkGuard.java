package org.sluis.connectors.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The SSRF guard: refuses a URL whose host resolves to an address the exchange must not reach on a
 * provider's or consumer's say-so, unless the operator allows a network that contains it
 * ({@code SLUIS_ALLOW_NETWORKS}). Every address the name resolves to is checked (all A and AAAA
 * records), so a name with one public and one internal address is refused.
 *
 * <p>Refused ranges, after the IANA IPv4 and IPv6 special-purpose address registries (RFC 6890),
 * keeping the entries that are not globally reachable: {@code 0.0.0.0/8}, {@code 10.0.0.0/8},
 * {@code 100.64.0.0/10} (CGNAT, RFC 6598), {@code 127.0.0.0/8}, {@code 169.254.0.0/16},
 * {@code 172.16.0.0/12}, {@code 192.0.0.0/24}, {@code 192.168.0.0/16}, {@code 198.18.0.0/15},
 * {@code 224.0.0.0/4} (multicast), {@code 240.0.0.0/4} (reserved, with the broadcast address);
 * {@code ::/128}, {@code ::1/128}, {@code 100::/64}, {@code 64:ff9b:1::/48}, {@code fc00::/7},
 * {@code fe80::/10}, {@code fec0::/10}, {@code ff00::/8}. IPv6 addresses that carry an IPv4 address
 * (IPv4-mapped {@code ::ffff:0:0/96}, IPv4-compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96},
 * 6to4 {@code 2002::/16}) are judged by the IPv4 address they carry too, since that is where the
 * packets may end up.
 *
 * <p>What the guard cannot do alone: it checks a name when asked, and the HTTP client resolves the
 * name again when it connects. See {@code HttpSource} for how that gap is kept small and what is
 * left of it (DNS rebinding).
 */
public final class NetworkGuard {

    private record Range(Cidr network, String kind) {
    }

    private static final List<Range> REFUSED = List.of(
            range("0.0.0.0/8", "unspecified (this-network)"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "shared (CGNAT)"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "IETF protocol assignment"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "benchmarking"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved"),
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("100::/64", "discard-only"),
            range("64:ff9b:1::/48", "local-use NAT64"),
            range("fc00::/7", "unique local (private)"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "site-local (private)"),
            range("ff00::/8", "multicast"));

    private static final byte[] NAT64_PREFIX = {0x00, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private final List<Cidr> allowed;

    /**
     * Creates a guard.
     *
     * @param allowed networks reachable even though they lie in a refused range; empty for none
     */
    public NetworkGuard(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /**
     * Resolves the URL's host and checks every address it resolves to. Blocking (DNS).
     *
     * @param uri an absolute URL with a host
     * @return the addresses checked, in the resolver's order
     * @throws BlockedAddressException  if any address is refused
     * @throws UnknownHostException     if the host does not resolve
     * @throws IllegalArgumentException if the URL has no host
     */
    public List<InetAddress> check(URI uri) throws BlockedAddressException, UnknownHostException {
        String host = uri.getHost();
        if (host == null) {
            // Not the URL itself: its query may carry a key.
            throw new IllegalArgumentException("expected a URL with a host name or address, found none (scheme "
                    + uri.getScheme() + ")");
        }
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            check(host, address);
        }
        return List.of(addresses);
    }

    /**
     * Checks one address.
     *
     * @param host    the host name it was resolved from, for the message
     * @param address the address
     * @throws BlockedAddressException if it is refused
     */
    public void check(String host, InetAddress address) throws BlockedAddressException {
        Optional<String> range = refusedRange(address);
        if (range.isPresent()) {
            throw new BlockedAddressException(host, address, range.get());
        }
    }

    /**
     * Says whether, and why, an address is refused.
     *
     * @param address the address
     * @return the kind of refused range it lies in, or empty if it may be reached
     */
    public Optional<String> refusedRange(InetAddress address) {
        if (isAllowed(address)) {
            return Optional.empty();
        }
        Optional<String> own = rangeOf(address);
        if (own.isPresent()) {
            return own;
        }
        Optional<Inet4Address> carried = carriedIpv4(address);
        if (carried.isEmpty() || isAllowed(carried.get())) {
            return Optional.empty();
        }
        return rangeOf(carried.get()).map(kind -> kind + " IPv4 " + carried.get().getHostAddress() + " inside IPv6");
    }

    private boolean isAllowed(InetAddress address) {
        return allowed.stream().anyMatch(network -> network.contains(address));
    }

    private static Optional<String> rangeOf(InetAddress address) {
        return REFUSED.stream().filter(r -> r.network().contains(address)).map(Range::kind).findFirst();
    }

    /** The IPv4 address an IPv6 address carries by one of the embedding conventions, if any. */
    private static Optional<Inet4Address> carriedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        boolean zeros80 = Arrays.equals(b, 0, 10, new byte[10], 0, 10);
        boolean mapped = zeros80 && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        boolean compatible = zeros80 && b[10] == 0 && b[11] == 0;
        boolean nat64 = Arrays.equals(b, 0, 12, NAT64_PREFIX, 0, 12);
        if (mapped || compatible || nat64) {
            return Optional.of(ipv4(Arrays.copyOfRange(b, 12, 16)));
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Optional.of(ipv4(Arrays.copyOfRange(b, 2, 6)));
        }
        return Optional.empty();
    }

    private static Inet4Address ipv4(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    private static Range range(String cidr, String kind) {
        return new Range(Cidr.parse(cidr), kind);
    }

    @Override
    public String toString() {
        return "NetworkGuard[allowed=" + allowed + "]";
    }
}
