package org.sluis.connectors.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CidrTest {
    @Nested
    class Contains {
        @Test
        void addressesInsideThePrefix() throws Exception {
            Cidr net = Cidr.parse("10.1.0.0/16");
            assertTrue(net.contains(InetAddress.getByName("10.1.200.3")));
            assertFalse(net.contains(InetAddress.getByName("10.2.0.1")));
        }

        @Test
        void neverAcrossAddressFamilies() throws Exception {
            assertFalse(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("::1")));
        }
    }

    @Nested
    class Parse {
        @Test
        void bareAddress_isThatSingleHost() {
            assertEquals("fe80:0:0:0:0:0:0:1/128", Cidr.parse("fe80::1").toString());
        }

        @Test
        void hostBitsSet_isRefused() {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.1.0.1/16"));
        }

        @Test
        void hostName_isRefusedWithoutALookup() {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse("localhost"));
        }

        @Test
        void prefixBeyondTheFamily_isRefused() {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        }
    }
}
