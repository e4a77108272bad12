package io.tcpstack.daemon.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tcpstack.core.tcp.TcpState;
import io.tcpstack.daemon.control.QueueStats;
import io.tcpstack.daemon.control.StackInspector;
import io.tcpstack.daemon.control.StackSnapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stack's metrics, collected when scraped: one {@link StackSnapshot} per queue taken on its
 * event loop, turned into Prometheus counters and gauges; nothing is added to the packet path.
 * Every layer counter {@code MibName} of layer {@code L} becomes {@code tcpstack_L_mib_name_total}
 * (e.g. TCP-MIB tcpInSegs: {@code tcpstack_tcp_in_segs_total}); the {@code Drop_REASON} counters
 * become {@code tcpstack_tcp_drops_total{reason}}; CurrEstab is the gauge
 * {@code tcpstack_tcp_curr_estab}. Gauges: {@code tcpstack_tcp_connections{state}},
 * {@code tcpstack_tcp_listeners}, {@code tcpstack_tcp_buffer_bytes{buffer="send"|"receive"}},
 * {@code tcpstack_tcp_memory_bytes} and {@code tcpstack_tcp_memory_limit_bytes} (the memory budget).
 * Every series carries the TUN queue as {@code queue}.
 */
final class StackCollector implements MultiCollector {
    private static final String PREFIX = "tcpstack_";
    private static final String DROP_PREFIX = "Drop_";
    /** The one layer counter that is a gauge (RFC 4022 tcpCurrEstab). */
    private static final String CURR_ESTAB = "CurrEstab";

    private final StackInspector inspector;

    StackCollector(StackInspector inspector) {
        this.inspector = inspector;
    }

    @Override
    public MetricSnapshots collect() {
        List<StackSnapshot> snapshots;
        try {
            snapshots = inspector.snapshots();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the exporter answers the scrape with an error
        }
        Families families = new Families();
        for (StackSnapshot snapshot : snapshots) {
            QueueStats stats = snapshot.stats();
            Labels queue = Labels.of("queue", Integer.toString(stats.queue()));
            stats.counters().forEach((layer, counters) -> counters.forEach((mib, value) ->
                    families.layerCounter(layer, mib, value, queue)));
            for (Map.Entry<TcpState, Integer> state : stats.connections().entrySet()) {
                families.gauge("tcp_connections", "Connections by state.", state.getValue(),
                        queue.add("state", state.getKey().name()));
            }
            families.gauge("tcp_listeners", "Listening ports.", stats.listeners(), queue);
            String buffers = "Bytes held in connection buffers: send (unacknowledged and unsent), receive (not yet read).";
            families.gauge("tcp_buffer_bytes", buffers, stats.sendBufferBytes(), queue.add("buffer", "send"));
            families.gauge("tcp_buffer_bytes", buffers, stats.receiveBufferBytes(), queue.add("buffer", "receive"));
            families.gauge("tcp_memory_bytes", "Bytes the TCP memory budget counts as held by the queue's buffers.",
                    stats.memoryBytes(), queue);
            families.gauge("tcp_memory_limit_bytes", "The TCP memory budget's limit, for all queues together (--memory-limit).",
                    stats.memoryLimitBytes(), queue);
            if (stats.loopBusyNanos() >= 0) {
                families.counter("event_loop_busy_seconds", "CPU time the queue's event loop thread has used"
                        + " (its work; waiting for packets costs none).", stats.loopBusyNanos() / 1e9, queue);
            }
        }
        return families.snapshots();
    }

    /** {@code InHdrErrors} as {@code in_hdr_errors}. */
    static String snakeCase(String mibName) {
        return mibName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** The metric families of one scrape by name, each gathering the data points of every queue. */
    private static final class Families {
        private final Map<String, CounterSnapshot.Builder> counters = new LinkedHashMap<>();
        private final Map<String, GaugeSnapshot.Builder> gauges = new LinkedHashMap<>();

        /** One counter of a layer's counter set, by its MIB name. */
        void layerCounter(String layer, String mib, long value, Labels queue) {
            if (mib.equals(CURR_ESTAB)) {
                gauge(layer + "_curr_estab", layer + " " + mib + ": connections in ESTABLISHED or CLOSE_WAIT.",
                        value, queue);
            } else if (mib.startsWith(DROP_PREFIX)) {
                counter(layer + "_drops", layer + " segments dropped, by reason.", value,
                        queue.add("reason", mib.substring(DROP_PREFIX.length())));
            } else {
                counter(layer + "_" + snakeCase(mib), layer + " counter " + mib + ".", value, queue);
            }
        }

        void counter(String name, String help, double value, Labels labels) {
            counters.computeIfAbsent(PREFIX + name, n -> CounterSnapshot.builder().name(n).help(help))
                    .dataPoint(CounterDataPointSnapshot.builder().value(value).labels(labels).build());
        }

        void gauge(String name, String help, long value, Labels labels) {
            gauges.computeIfAbsent(PREFIX + name, n -> GaugeSnapshot.builder().name(n).help(help))
                    .dataPoint(GaugeDataPointSnapshot.builder().value(value).labels(labels).build());
        }

        MetricSnapshots snapshots() {
            List<MetricSnapshot> all = new ArrayList<>();
            counters.values().forEach(b -> all.add(b.build()));
            gauges.values().forEach(b -> all.add(b.build()));
            return new MetricSnapshots(all);
        }
    }
}
