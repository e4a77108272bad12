package io.tcpstack.core.tcp;

/**
 * One listener of the connection table (like {@code ss -tln}): a snapshot taken on the event loop.
 *
 * @param localAddress the stack's address
 * @param port the listening port
 * @param synQueue half-open connections (SYN_RECEIVED) now held
 * @param synQueueLimit most half-open connections held at once
 * @param acceptQueue connections that completed the handshake and wait for the application
 * @param acceptQueueLimit most such connections held at once (the backlog)
 */
public record ListenerInfo(int localAddress, int port, int synQueue, int synQueueLimit, int acceptQueue,
                           int acceptQueueLimit) {
}
