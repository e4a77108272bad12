package io.tcpstack.daemon.control;

import io.tcpstack.core.tcp.TcpState;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One queue's counters and gauges: the {@code stats} reply of the control channel and what the
 * metrics endpoint serves.
 *
 * @param queue the TUN queue, from 0
 * @param counters each layer's counters by MIB name ({@code ipv4}, {@code icmp}, {@code tcp}, {@code tun})
 * @param connections connections by state (every state but CLOSED and LISTEN, zeros included)
 * @param listeners listening ports
 * @param sendBufferBytes bytes held in send buffers (unacknowledged and unsent)
 * @param receiveBufferBytes bytes held in receive buffers (received in order, not yet read)
 * @param memoryBytes the bytes the memory budget counts (every buffer, as the layer accounts them)
 * @param memoryLimitBytes the budget's limit: at it, new connections are refused
 * @param loopBusyNanos CPU time the queue's event loop has used so far (-1: not measured)
 */
public record QueueStats(int queue, Map<String, Map<String, Long>> counters, Map<TcpState, Integer> connections,
                         int listeners, long sendBufferBytes, long receiveBufferBytes,
                         long memoryBytes, long memoryLimitBytes, long loopBusyNanos) {
    /** The queue number of {@link #total}. */
    public static final int ALL_QUEUES = -1;

    /**
     * The stack over all its queues: counters, connections, buffers and busy time added up; the
     * listeners and the memory limit, which every queue shares, once.
     */
    public static QueueStats total(List<QueueStats> queues) {
        Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
        Map<TcpState, Integer> connections = new EnumMap<>(TcpState.class);
        long send = 0;
        long receive = 0;
        long memory = 0;
        long busy = 0;
        for (QueueStats q : queues) {
            q.counters.forEach((layer, values) -> values.forEach((name, value) ->
                    counters.computeIfAbsent(layer, l -> new LinkedHashMap<>()).merge(name, value, Long::sum)));
            q.connections.forEach((state, count) -> connections.merge(state, count, Integer::sum));
            send += q.sendBufferBytes;
            receive += q.receiveBufferBytes;
            memory += q.memoryBytes;
            busy = busy < 0 || q.loopBusyNanos < 0 ? -1 : busy + q.loopBusyNanos;
        }
        QueueStats first = queues.get(0);
        return new QueueStats(ALL_QUEUES, counters, connections, first.listeners, send, receive, memory,
                first.memoryLimitBytes, busy);
    }
}
