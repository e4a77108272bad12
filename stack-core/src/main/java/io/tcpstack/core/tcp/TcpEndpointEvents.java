package io.tcpstack.core.tcp;

import java.io.IOException;

/**
 * Upcalls from a connection to its user, made on the event loop thread. Implementations must be
 * quick and never block: typically they unpark a waiting application thread.
 */
public interface TcpEndpointEvents {
    /** The handshake completed (active or passive open reached ESTABLISHED). */
    default void onEstablished(TcpEndpoint endpoint) {}

    /** New in-order data is readable, or the peer's FIN arrived (then {@code isInputShutdown()} may turn true). */
    default void onReadable(TcpEndpoint endpoint) {}

    /** Send-buffer space became free after an ACK. */
    default void onWritable(TcpEndpoint endpoint) {}

    /**
     * The connection is over for the user. {@code error} is null after an orderly close, else a
     * {@link java.net.ConnectException} (refused), {@link java.net.SocketException}
     * "Connection reset", or {@link java.net.SocketTimeoutException} (retransmissions exhausted
     * or connect timeout). Called at most once.
     */
    default void onClosed(TcpEndpoint endpoint, IOException error) {}
}
