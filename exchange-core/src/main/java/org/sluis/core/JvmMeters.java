package org.sluis.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's own meters, what an operator woken at night looks at first: heap and the other memory
 * pools ({@code jvm_memory_*}), garbage collection pauses ({@code jvm_gc_*}), threads
 * ({@code jvm_threads_*}), CPU use and load ({@code process_cpu_usage}, {@code system_*}), and
 * uptime ({@code process_uptime_seconds}, which shows a restart). Close it to stop listening to
 * the collector's notifications.
 */
final class JvmMeters implements AutoCloseable {
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** Binds the meters to {@code registry}. */
    JvmMeters(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Stops listening to garbage collections. */
    @Override
    public void close() {
        gc.close();
    }
}
