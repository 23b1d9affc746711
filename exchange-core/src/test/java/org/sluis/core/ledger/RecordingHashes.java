package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test store: a map of perfect-subtree hashes that records every read and fails the test if a
 * read reaches past the tree size the computation is supposed to be working on.
 */
final class RecordingHashes implements SubtreeHashes {

    private final Map<NodeId, byte[]> stored;
    private final long visibleSize;
    private final List<NodeId> reads = new ArrayList<>();

    private RecordingHashes(Map<NodeId, byte[]> stored, long visibleSize) {
        this.stored = stored;
        this.visibleSize = visibleSize;
    }

    /** A view of {@code stored} as the tree of {@code visibleSize} leaves. */
    static RecordingHashes of(Map<NodeId, byte[]> stored, long visibleSize) {
        return new RecordingHashes(stored, visibleSize);
    }

    /** The store holding exactly the reference tree's nodes ({@code nodeHashes[level][index]}). */
    static Map<NodeId, byte[]> fromLevels(List<List<byte[]>> nodeHashes) {
        Map<NodeId, byte[]> stored = new HashMap<>();
        for (int level = 0; level < nodeHashes.size(); level++) {
            for (int index = 0; index < nodeHashes.get(level).size(); index++) {
                stored.put(new NodeId(level, index), nodeHashes.get(level).get(index));
            }
        }
        return stored;
    }

    @Override
    public byte[] hash(NodeId id) {
        assertTrue(id.end() <= visibleSize,
                () -> "expected reads within size " + visibleSize + ", found a read of " + id);
        reads.add(id);
        byte[] hash = stored.get(id);
        return hash == null ? null : hash.clone();
    }

    List<NodeId> reads() {
        return List.copyOf(reads);
    }
}
