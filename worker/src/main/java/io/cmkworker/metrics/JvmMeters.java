package io.cmkworker.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.List;

/**
 * The JVM and process meters Micrometer ships ({@code jvm_*}, {@code process_*}, {@code system_*}): memory pools and
 * the heap after GC, GC pauses and overhead, threads, classes, CPU, open files, uptime. Two of them listen to GC
 * notifications until {@link #close()}d.
 */
public final class JvmMeters implements AutoCloseable {

    private final List<AutoCloseable> listeners;

    private JvmMeters(List<AutoCloseable> listeners) {
        this.listeners = listeners;
    }

    public static JvmMeters bind(MeterRegistry registry) {
        JvmGcMetrics gc = new JvmGcMetrics();
        JvmHeapPressureMetrics pressure = new JvmHeapPressureMetrics();
        List.of(new JvmMemoryMetrics(), gc, pressure, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                        new JvmInfoMetrics(), new ProcessorMetrics(), new FileDescriptorMetrics(), new UptimeMetrics())
                .forEach(binder -> binder.bindTo(registry));
        return new JvmMeters(List.of(gc, pressure));
    }

    @Override
    public void close() {
        for (AutoCloseable listener : listeners) {
            try {
                listener.close();
            } catch (Exception e) {
                // nothing to do: the worker is stopping
            }
        }
    }
}
