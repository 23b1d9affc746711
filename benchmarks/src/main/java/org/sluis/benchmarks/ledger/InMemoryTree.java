package org.sluis.benchmarks.ledger;

import java.util.HashMap;
import java.util.Map;
import org.sluis.core.ledger.MerkleFrontier;
import org.sluis.core.ledger.MerkleHash;
import org.sluis.core.ledger.NodeId;
import org.sluis.core.ledger.StoredNode;
import org.sluis.core.ledger.SubtreeHashes;

/**
 * An RFC 9162 tree whose perfect-subtree hashes are held in a {@code HashMap<NodeId, byte[]>},
 * filled exactly as the ledger fills {@code ledger_node}: by {@link MerkleFrontier#append}. It is
 * the database-free {@link SubtreeHashes} of the pure benchmarks; building 10^6 leaves takes about
 * two million hashes and 300 MB of heap.
 */
final class InMemoryTree implements SubtreeHashes {
    private final Map<NodeId, byte[]> nodes;
    private final long size;
    private final byte[] root;

    private InMemoryTree(Map<NodeId, byte[]> nodes, long size, byte[] root) {
        this.nodes = nodes;
        this.size = size;
        this.root = root;
    }

    /** A tree of {@code size} leaves, leaf {@code i} being the hash of the 8 big-endian bytes of {@code i}. */
    static InMemoryTree of(long size) {
        if (size < 1 || size > 1L << 26) {
            throw new IllegalArgumentException("expected 1 <= size <= 2^26 (it lives on the heap), found " + size);
        }
        Map<NodeId, byte[]> nodes = new HashMap<>((int) (2 * size / 0.75) + 1);
        MerkleFrontier frontier = MerkleFrontier.empty();
        byte[] entry = new byte[Long.BYTES];
        for (long i = 0; i < size; i++) {
            for (int b = 0; b < Long.BYTES; b++) {
                entry[b] = (byte) (i >>> (56 - 8 * b));
            }
            for (StoredNode node : frontier.append(MerkleHash.leaf(entry))) {
                nodes.put(node.id(), node.hash());
            }
        }
        return new InMemoryTree(nodes, size, frontier.root());
    }

    @Override
    public byte[] hash(NodeId id) {
        return nodes.get(id);
    }

    /** The number of leaves. */
    long size() {
        return size;
    }

    /** The root, {@code MTH(D[0:size])}. */
    byte[] root() {
        return root.clone();
    }

    /** The leaf hash of leaf {@code index}. */
    byte[] leafHash(long index) {
        return nodes.get(NodeId.leaf(index)).clone();
    }
}
