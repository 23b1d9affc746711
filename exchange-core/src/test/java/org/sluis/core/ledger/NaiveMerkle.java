package org.sluis.core.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Test oracle: MTH, PATH and PROOF transcribed literally from RFC 9162 §2.1.1, §2.1.3.1 and
 * §2.1.4.1, recursing over the list of entries. Deliberately slow and independent of the code
 * under test: it hashes with its own {@link MessageDigest} and literal prefixes.
 */
final class NaiveMerkle {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private NaiveMerkle() {
    }

    /** {@code MTH(D_n)}, RFC 9162 §2.1.1. */
    static byte[] mth(List<byte[]> entries) {
        int n = entries.size();
        if (n == 0) {
            return sha256(new byte[0]);
        }
        if (n == 1) {
            return sha256(new byte[] {0x00}, entries.get(0));
        }
        int k = largestPowerOfTwoBelow(n);
        return sha256(new byte[] {0x01}, mth(entries.subList(0, k)), mth(entries.subList(k, n)));
    }

    /** {@code PATH(m, D_n)}, RFC 9162 §2.1.3.1, for {@code 0 <= m < n}. */
    static List<byte[]> path(int m, List<byte[]> entries) {
        int n = entries.size();
        List<byte[]> proof = new ArrayList<>();
        if (n <= 1) {
            return proof;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            proof.addAll(path(m, entries.subList(0, k)));
            proof.add(mth(entries.subList(k, n)));
        } else {
            proof.addAll(path(m - k, entries.subList(k, n)));
            proof.add(mth(entries.subList(0, k)));
        }
        return proof;
    }

    /** {@code PROOF(m, D_n) = SUBPROOF(m, D_n, true)}, RFC 9162 §2.1.4.1, for {@code 0 < m <= n}. */
    static List<byte[]> proof(int m, List<byte[]> entries) {
        return subproof(m, entries, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> entries, boolean startFromOldRoot) {
        int n = entries.size();
        List<byte[]> proof = new ArrayList<>();
        if (m == n) {
            if (!startFromOldRoot) {
                proof.add(mth(entries));
            }
            return proof;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            proof.addAll(subproof(m, entries.subList(0, k), startFromOldRoot));
            proof.add(mth(entries.subList(k, n)));
        } else {
            proof.addAll(subproof(m - k, entries.subList(k, n), false));
            proof.add(mth(entries.subList(0, k)));
        }
        return proof;
    }

    /** The largest power of two {@code k} with {@code k < n <= 2k}, for {@code n > 1}. */
    private static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    private static byte[] sha256(byte[]... parts) {
        MessageDigest digest = SHA_256.get();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }
}
