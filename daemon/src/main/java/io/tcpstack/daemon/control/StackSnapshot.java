package io.tcpstack.daemon.control;

import io.tcpstack.core.NetworkStack;
import io.tcpstack.core.tcp.ConnectionInfo;
import io.tcpstack.core.tcp.ListenerInfo;
import io.tcpstack.core.tcp.TcpState;
import io.tcpstack.link.LoopCounters;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one queue's stack holds at one instant: its connections, listeners and every layer's
 * counters. Taken on the stack's event loop ({@link #take}), which owns that state; the copy
 * then goes to any thread (the control channel, a metrics scrape).
 *
 * @param queue the TUN queue, from 0
 * @param connections every connection with a TCB
 * @param listeners every listener
 * @param counters each layer's counters by MIB name: {@code ipv4}, {@code icmp}, {@code tcp}, {@code tun}
 * @param memoryBytes bytes the TCP layer's memory budget counts as held by all buffers
 * @param memoryLimitBytes the budget's limit ({@code --memory-limit})
 * @param loopBusyNanos CPU time the queue's event loop thread has used (its work; waiting in epoll
 *        costs none), or -1 where the JVM does not measure thread CPU time
 */
public record StackSnapshot(int queue, List<ConnectionInfo> connections, List<ListenerInfo> listeners,
                            Map<String, Map<String, Long>> counters, long memoryBytes, long memoryLimitBytes,
                            long loopBusyNanos) {

    /** Call on {@code stack}'s event loop. */
    public static StackSnapshot take(int queue, NetworkStack stack, LoopCounters<?> tun) {
        return new StackSnapshot(queue, stack.tcp().connections(), stack.tcp().listeners(), counters(stack, tun),
                stack.tcp().bufferedBytes(), stack.tcp().memoryLimit(), loopCpuNanos());
    }

    /**
     * Each layer's counters by MIB name, in the order they are shown: {@code ipv4}, {@code icmp},
     * {@code tcp}, {@code tun}. On the stack's event loop, or once it has stopped.
     */
    public static Map<String, Map<String, Long>> counters(NetworkStack stack, LoopCounters<?> tun) {
        Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
        counters.put("ipv4", stack.ipv4().counters().snapshot());
        counters.put("icmp", stack.icmp().counters().snapshot());
        counters.put("tcp", stack.tcp().counters().snapshot());
        counters.put("tun", tun.snapshot());
        return counters;
    }

    /** The calling thread's CPU time (the event loop's, as {@link #take} runs there), -1 if unmeasured. */
    private static long loopCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
    }

    /** The connection gauges and counters, as {@code tcpstack stats} and the metrics show them. */
    public QueueStats stats() {
        Map<TcpState, Integer> states = new EnumMap<>(TcpState.class);
        for (TcpState state : TcpState.values()) {
            if (state != TcpState.CLOSED && state != TcpState.LISTEN) {
                states.put(state, 0);
            }
        }
        long send = 0;
        long receive = 0;
        for (ConnectionInfo c : connections) {
            states.merge(c.state(), 1, Integer::sum);
            send += c.sendQueue();
            receive += c.receiveQueue();
        }
        return new QueueStats(queue, counters, states, listeners.size(), send, receive, memoryBytes, memoryLimitBytes,
                loopBusyNanos);
    }
}
