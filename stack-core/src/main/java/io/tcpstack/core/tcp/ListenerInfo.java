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
    /** This listener and the same one on another queue as one: their queues and limits add up. */
    public ListenerInfo plus(ListenerInfo other) {
        if (other.port != port || other.localAddress != localAddress) {
            throw new IllegalArgumentException("not the same listener: port " + port + " and " + other.port);
        }
        return new ListenerInfo(localAddress, port, synQueue + other.synQueue, synQueueLimit + other.synQueueLimit,
                acceptQueue + other.acceptQueue, acceptQueueLimit + other.acceptQueueLimit);
    }
}
