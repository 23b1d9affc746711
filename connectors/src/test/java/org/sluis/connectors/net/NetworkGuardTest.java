package org.sluis.connectors.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkGuardTest {
    static final NetworkGuard STRICT = new NetworkGuard(List.of());

    static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @Nested
    class Check {
        @ParameterizedTest
        @CsvSource({
            "http://127.0.0.1/, 127.0.0.1, loopback",
            "http://[::1]:8080/, 0:0:0:0:0:0:0:1, loopback",
            "http://169.254.169.254/latest/meta-data/, 169.254.169.254, link-local",
            "http://10.0.0.1/, 10.0.0.1, private",
            "http://172.16.0.1/, 172.16.0.1, private",
            "http://192.168.1.1/, 192.168.1.1, private",
            "http://100.64.0.1/, 100.64.0.1, shared (CGNAT)",
            "http://0.0.0.0/, 0.0.0.0, unspecified (this-network)",
            "http://[::ffff:127.0.0.1]/, 127.0.0.1, loopback",
            "http://[fe80::1]/, fe80:0:0:0:0:0:0:1, link-local",
            "http://[fd00::5]/, fd00:0:0:0:0:0:0:5, unique local (private)",
            "http://[::]/, 0:0:0:0:0:0:0:0, unspecified",
            "http://224.0.0.1/, 224.0.0.1, multicast",
            "http://[ff02::1]/, ff02:0:0:0:0:0:0:1, multicast",
            "http://255.255.255.255/, 255.255.255.255, reserved",
        })
        void internalAddress_isRefusedByDefault(String url, String address, String range) {
            BlockedAddressException e = assertThrows(BlockedAddressException.class, () -> STRICT.check(URI.create(url)));
            assertEquals(address, e.address());
            assertEquals(range, e.range());
        }

        @Test
        void refusal_namesHostAddressAndRange() {
            BlockedAddressException e = assertThrows(BlockedAddressException.class,
                    () -> STRICT.check(URI.create("http://10.0.0.1/x?key=secret")));
            assertEquals("refused host 10.0.0.1: it resolves to 10.0.0.1, a private address, and no allowed network "
                    + "contains it", e.getMessage());
        }

        @Test
        void nameResolvingToLoopback_isRefused() {
            BlockedAddressException e = assertThrows(BlockedAddressException.class,
                    () -> STRICT.check(URI.create("http://localhost:8080/records")));
            assertEquals("localhost", e.host());
            assertEquals("loopback", e.range());
        }

        @Test
        void publicLiteral_passes() throws Exception {
            assertEquals(List.of(ip("93.184.216.34")), STRICT.check(URI.create("https://93.184.216.34/data")));
        }

        @Test
        void publicIpv6Literal_passes() throws Exception {
            assertEquals(List.of(ip("2606:2800:220:1:248:1893:25c8:1946")),
                    STRICT.check(URI.create("https://[2606:2800:220:1:248:1893:25c8:1946]/")));
        }

        @Test
        void allowedNetwork_letsItsAddressesThrough() throws Exception {
            NetworkGuard guard = new NetworkGuard(List.of(Cidr.parse("127.0.0.1/32")));
            assertEquals(List.of(ip("127.0.0.1")), guard.check(URI.create("http://127.0.0.1:9000/")));
        }

        @Test
        void allowedNetwork_letsNothingElseThrough() {
            NetworkGuard guard = new NetworkGuard(List.of(Cidr.parse("127.0.0.1/32")));
            assertThrows(BlockedAddressException.class, () -> guard.check(URI.create("http://127.0.0.2/")));
            assertThrows(BlockedAddressException.class, () -> guard.check(URI.create("http://10.0.0.1/")));
        }

        @Test
        void urlWithoutHost_isRefused() {
            assertThrows(IllegalArgumentException.class, () -> STRICT.check(URI.create("file:///etc/passwd")));
        }
    }

    @Nested
    class RefusedRange {
        @ParameterizedTest
        @ValueSource(strings = {"0:0:0:0:0:0:7f00:1", "64:ff9b::a00:1", "2002:c0a8:101::1", "64:ff9b:1::1"})
        void ipv6CarryingAnInternalIpv4_isRefused(String literal) throws Exception {
            assertTrue(STRICT.refusedRange(ip(literal)).isPresent(), literal);
        }

        @Test
        void ipv4CarriedInIpv6_namesTheIpv4() throws Exception {
            assertEquals(Optional.of("private IPv4 10.0.0.1 inside IPv6"), STRICT.refusedRange(ip("64:ff9b::a00:1")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888", "64:ff9b::808:808"})
        void publicAddress_isNotRefused(String literal) throws Exception {
            assertFalse(STRICT.refusedRange(ip(literal)).isPresent(), literal);
        }

        @Test
        void allowingAnIpv4Network_coversItsIpv6CarriedForm() throws Exception {
            NetworkGuard guard = new NetworkGuard(List.of(Cidr.parse("10.0.0.0/8")));
            assertEquals(Optional.empty(), guard.refusedRange(ip("64:ff9b::a00:1")));
        }
    }
}
