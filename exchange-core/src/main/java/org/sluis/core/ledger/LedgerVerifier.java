package org.sluis.core.ledger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import org.sluis.contracts.canonical.CanonicalJson;
import org.sluis.contracts.canonical.CanonicalJsonException;

/**
 * Verifies a ledger export offline, trusting nothing but the exchange's published ledger key:
 * checks each checkpoint's signature, recomputes every leaf from the RFC 8785 form of its entry,
 * follows the {@code index}/{@code prev} chain (see {@link EntryCodec}), rebuilds the Merkle tree
 * and compares its root with each checkpoint. Streams the export in constant memory.
 *
 * <p>The chain names the first bad index. A row whose content changed breaks the link to its
 * successor only; a row whose own {@code index} or {@code prev} is wrong (moved, replaced) breaks
 * both its own link and its successor's; a removed row leaves a gap; an inserted row displaces
 * its successor, which then still names the inserted row's predecessor. Changes that the chain
 * cannot see (the last entry, or a rewrite of everything after some point) still change the
 * root, and the report says which checkpoint they contradict.
 */
public final class LedgerVerifier {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private LedgerVerifier() {
    }

    /**
     * The outcome.
     *
     * @param ok true when every check passed
     * @param entries export lines read
     * @param firstBadIndex the first index at which the export departs from the signed log
     * @param message a sentence for the auditor
     */
    public record Report(boolean ok, long entries, OptionalLong firstBadIndex, String message) {
    }

    /** Verifies {@code export} (NDJSON of {@code {"index","entry"}}) against the signed checkpoint notes. */
    public static Report verify(BufferedReader export, List<String> checkpointNotes, NoteVerifier key) {
        return verify(export, checkpointNotes, List.of(key));
    }

    /**
     * As {@link #verify(BufferedReader, List, NoteVerifier)}, each checkpoint signed by any of
     * {@code keys} (the current ledger key and retired ones, which signed older checkpoints).
     */
    public static Report verify(BufferedReader export, List<String> checkpointNotes, List<NoteVerifier> keys) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (String note : checkpointNotes) {
            try {
                checkpoints.add(verifiedBy(note, keys).checkpoint());
            } catch (NoteException e) {
                return new Report(false, 0, OptionalLong.empty(), "a checkpoint is not validly signed by any of "
                        + keys.stream().map(NoteVerifier::verifierKey).toList() + ": " + e.getMessage());
            }
        }
        checkpoints.sort(Comparator.comparingLong(Checkpoint::size));
        return new Walk(checkpoints).run(export);
    }

    /** The note verified by the first of {@code keys} that signed it; the last key's refusal if none did. */
    public static SignedCheckpoint verifiedBy(String note, List<NoteVerifier> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("expected at least one ledger verifier key");
        }
        NoteException last = null;
        for (NoteVerifier k : keys) {
            try {
                return CheckpointNote.verify(note, k);
            } catch (NoteException e) {
                last = e;
            }
        }
        throw last;
    }

    /** One pass over the export. */
    private static final class Walk {
        private final List<Checkpoint> checkpoints;
        private int nextCheckpoint;
        private final MerkleFrontier frontier = MerkleFrontier.empty();
        private byte[] prev = MerkleHash.emptyRoot();
        private byte[] prev2 = null;
        private long brokenAt = -1;

        Walk(List<Checkpoint> checkpoints) {
            this.checkpoints = checkpoints;
        }

        Report run(BufferedReader export) {
            Report empty = checkRootsOrNull(); // a checkpoint of the empty log
            if (empty != null) {
                return empty;
            }
            try {
                for (String line; (line = export.readLine()) != null; ) {
                    if (line.isBlank()) {
                        continue;
                    }
                    long p = frontier.size();
                    Report r = step(p, line);
                    if (r != null) {
                        return r;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long n = frontier.size();
            if (brokenAt >= 0) {
                return bad(n, brokenAt - 1, "entry " + brokenAt + " does not link to entry " + (brokenAt - 1)
                        + " (its prev hash or index differs): entry " + (brokenAt - 1) + " or " + brokenAt + " was altered");
            }
            if (nextCheckpoint < checkpoints.size()) {
                Checkpoint missing = checkpoints.get(nextCheckpoint);
                return bad(n, n, "the export ends at " + n + " entries but checkpoint " + missing.size()
                        + " was signed: entries from index " + n + " on are missing");
            }
            long covered = checkpoints.isEmpty() ? 0 : checkpoints.get(checkpoints.size() - 1).size();
            return new Report(true, n, OptionalLong.empty(), "verified " + n + " entries against " + checkpoints.size()
                    + " signed checkpoint(s) up to size " + covered
                    + (n > covered ? "; the last " + (n - covered) + " entries are not covered by a checkpoint yet" : ""));
        }

        private Report step(long p, String line) {
            JsonNode item;
            JsonNode entry;
            byte[] leaf;
            try {
                item = JSON.readTree(line);
                entry = item.get("entry");
                if (entry == null || !entry.isObject() || !item.path("index").canConvertToLong()) {
                    return bad(p, p, "line for index " + p + " is not {\"index\", \"entry\"}");
                }
                leaf = MerkleHash.leaf(CanonicalJson.canonicalize(entry));
            } catch (IOException | CanonicalJsonException e) {
                return bad(p, p, "line for index " + p + " is not valid JSON: " + e.getMessage());
            }
            long index = item.get("index").asLong();
            if (index != p) {
                return bad(p, p, index > p ? "entry " + p + " is missing (the next line is index " + index + ")"
                        : "index " + index + " appears again or out of order where " + p + " was expected");
            }
            boolean linked = entry.path("index").asLong(-1) == p
                    && Base64.getEncoder().encodeToString(prev).equals(entry.path("prev").asText());
            if (brokenAt >= 0) {
                // Two broken links in a row: the entry between them is the altered one; one alone: the one before.
                long culprit = linked ? brokenAt - 1 : brokenAt;
                return bad(p, culprit, "entry " + culprit + " does not match the entries around it: it was altered,"
                        + " moved or replaced");
            }
            if (!linked) {
                if (prev2 != null && entry.path("index").asLong(-1) == p - 1
                        && Base64.getEncoder().encodeToString(prev2).equals(entry.path("prev").asText())) {
                    return bad(p, p - 1, "entry " + (p - 1) + " was inserted: the entry after it is the original entry "
                            + (p - 1) + ", displaced");
                }
                if (p == 0) {
                    return bad(p, 0, "entry 0 does not start the chain");
                }
                brokenAt = p;
            }
            prev2 = prev;
            prev = leaf;
            frontier.append(leaf);
            return brokenAt >= 0 ? null : checkRootsOrNull();
        }

        private Report checkRootsOrNull() {
            String mismatch = checkRoots();
            if (mismatch == null) {
                return null;
            }
            long size = frontier.size();
            return bad(size, size - 1, mismatch);
        }

        private String checkRoots() {
            while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).size() == frontier.size()) {
                Checkpoint c = checkpoints.get(nextCheckpoint++);
                if (!Arrays.equals(c.rootHash(), frontier.root())) {
                    return "the first " + c.size() + " entries do not hash to the root of the signed checkpoint "
                            + c.size() + "; every link is intact, so entry " + (c.size() - 1)
                            + " was altered, or the log was rewritten consistently from an earlier index";
                }
            }
            return null;
        }

        private Report bad(long read, long index, String message) {
            return new Report(false, read, OptionalLong.of(Math.max(0, index)), message);
        }
    }
}
