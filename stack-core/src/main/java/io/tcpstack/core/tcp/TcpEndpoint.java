package io.tcpstack.core.tcp;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * One TCP connection as its user sees it: the RFC 9293 §3.9.1 user calls (SEND, RECEIVE, CLOSE,
 * ABORT, STATUS), named as the socket API names them ({@code read}, {@code write},
 * {@code writableBytes}, {@code shutdownOutput}...). Every method must be called on the stack's
 * event loop thread; the blocking socket API hops onto the loop to call them and is woken through
 * {@link TcpEndpointEvents}.
 */
public interface TcpEndpoint {
    TcpState state();

    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();

    /** Free bytes in the send buffer; {@link #write} accepts at most this many. */
    int writableBytes();

    /**
     * SEND (§3.10.2): copies up to {@link #writableBytes()} readable bytes of {@code data} into the
     * send buffer, advancing its readerIndex; the caller keeps ownership of {@code data}.
     *
     * @return bytes accepted (0 when the buffer is full)
     * @throws IllegalStateException if the connection is closing or closed for sending
     */
    int write(ByteBuf data);

    /**
     * Bytes received in order and not yet read by the user. After an orderly end (CLOSED with no
     * error) the bytes that preceded the peer's FIN stay readable until {@link #close} or {@link #abort}.
     */
    int readableBytes();

    /**
     * RECEIVE (§3.10.3): moves up to {@code max} in-order bytes to {@code dst} and opens the
     * receive window accordingly (a window update is sent when it grows enough, RFC 9293 §3.8.6.2.2).
     *
     * @return bytes moved; 0 if none are buffered
     */
    int read(ByteBuf dst, int max);

    /**
     * RECEIVE (§3.10.3) for a user that drops the bytes: like {@link #read} without the copy.
     *
     * @return bytes dropped; 0 if none are buffered
     */
    int skip(int max);

    /** True once the peer's FIN has been received and all data before it has been read. */
    boolean isInputShutdown();

    /** Half-close: FIN after the queued data (the CLOSE call of §3.10.4 in its half-close sense). */
    void shutdownOutput();

    /** CLOSE (§3.10.4): FIN after the queued data; unread received data is discarded (in CLOSED: only that). */
    void close();

    /** ABORT (§3.10.5): RST, buffers dropped, state CLOSED at once. */
    void abort();

    /** Nagle's algorithm (RFC 9293 §3.7.4), on by default. */
    void setNoDelay(boolean noDelay);

    /**
     * Keep-alive (RFC 9293 §3.8.4) for this connection, like {@code SO_KEEPALIVE} with
     * {@code TCP_KEEPIDLE}, {@code TCP_KEEPINTVL} and {@code TCP_KEEPCNT}: {@link Keepalive#OFF}
     * turns it off. The stack's default is {@link TcpConfig#keepalive()}.
     */
    void setKeepalive(Keepalive keepalive);

    /**
     * The user timeout (RFC 9293 §3.10.8, RFC 5482; Linux's {@code TCP_USER_TIMEOUT}): the
     * connection is aborted when sent data stays unacknowledged, or zero-window or keep-alive
     * probes unanswered, this long. {@link java.time.Duration#ZERO} leaves it to the retry
     * counts. The stack's default is {@link TcpConfig#userTimeout()}.
     *
     * @throws IllegalArgumentException if negative
     */
    void setUserTimeout(java.time.Duration timeout);

    /** Replaces the user's event sink (at most one). */
    void setEvents(TcpEndpointEvents events);
}
