package org.sluis.core.transfer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counters of ended transfers, built once for every direction and end state:
 * {@code sluis_transfers_total{direction, state}} and {@code sluis_transfer_bytes_total{direction, state}},
 * the bytes delivered as the completion entry records them. {@code direction} is {@code pull} or
 * {@code push}, {@code state} {@code completed}, {@code aborted} or {@code failed}.
 */
final class TransferMeters {
    private static final List<String> DIRECTIONS = List.of(Transfer.PULL, Transfer.PUSH);
    private static final List<String> END_STATES = List.of(Transfer.COMPLETED, Transfer.ABORTED, Transfer.FAILED);

    /** By direction, then by end state. */
    private final Map<String, Map<String, Ended>> ended;

    private record Ended(Counter transfers, Counter bytes) {
    }

    /** Registers the counters in {@code registry}. */
    TransferMeters(MeterRegistry registry) {
        Map<String, Map<String, Ended>> all = new HashMap<>();
        for (String direction : DIRECTIONS) {
            Map<String, Ended> byState = new HashMap<>();
            for (String state : END_STATES) {
                byState.put(state, new Ended(
                        Counter.builder("sluis.transfers").description("Transfers ended, by direction and end state")
                                .tag("direction", direction).tag("state", state).register(registry),
                        Counter.builder("sluis.transfer.bytes").baseUnit("bytes").description("Bytes delivered by ended transfers")
                                .tag("direction", direction).tag("state", state).register(registry)));
            }
            all.put(direction, Map.copyOf(byState));
        }
        this.ended = Map.copyOf(all);
    }

    /** Counts {@code t}, ended as {@code w} says. */
    void ended(Transfer t, Transfers.Written w) {
        Map<String, Ended> byState = ended.get(t.mode());
        Ended e = byState == null ? null : byState.get(w.state());
        if (e == null) {
            throw new IllegalArgumentException("expected a pull or push ended as " + END_STATES + ", found " + t.mode() + " " + w.state());
        }
        e.transfers().increment();
        e.bytes().increment(w.bytes());
    }
}
