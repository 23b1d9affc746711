package org.sluis.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Every call the driver made and every ledger entry the exchange acknowledged, from any thread. */
final class Journal {
    private final String prefix;
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();

    /** A journal whose request ids start with {@code prefix} (the alphabet the exchange propagates: {@code [A-Za-z0-9._:-]}). */
    Journal(String prefix) {
        this.prefix = prefix;
    }

    /** A new request id, unique in this run. */
    String nextRequestId() {
        return prefix + sequence.incrementAndGet();
    }

    void record(Call call) {
        calls.add(call);
    }

    void acknowledged(Ack ack) {
        acks.add(ack);
    }

    List<Call> calls() {
        return new ArrayList<>(calls);
    }

    List<Ack> acks() {
        return new ArrayList<>(acks);
    }
}
