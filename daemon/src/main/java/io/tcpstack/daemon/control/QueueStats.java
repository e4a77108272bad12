package io.tcpstack.daemon.control;

import io.tcpstack.core.tcp.TcpState;

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
}
