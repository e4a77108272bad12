package io.tcpstack.core.socket;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import io.tcpstack.core.tcp.Keepalive;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A connected byte stream, shaped like {@link java.net.Socket}. Methods block the calling thread
 * (meant to be a virtual thread) and never the stack's event loop.
 *
 * <p>Errors use the JDK's types so callers handle them as they would for a kernel socket:
 * {@link java.net.ConnectException} (refused), {@link java.net.SocketTimeoutException},
 * {@link java.net.SocketException} with message "Connection reset" (peer sent RST) or
 * "Socket closed" (used after {@link #close()}).
 */
public interface StreamSocket extends Closeable {
    /** Reads return -1 after the peer's FIN once all data before it has been read. */
    InputStream inputStream();

    /** Writes block while the send buffer is full (back-pressure). */
    OutputStream outputStream();

    /** Half-close: sends FIN after all queued data; reading goes on. */
    void shutdownOutput() throws IOException;

    /** Graceful close: queued data is sent, then FIN (RFC 9293 CLOSE call). */
    @Override
    void close() throws IOException;

    /** Abortive close: queued data is discarded and an RST is sent (RFC 9293 ABORT call). */
    void abort();

    /** Turns Nagle's algorithm (RFC 9293 §3.7.4, on by default) off or on, like {@code TCP_NODELAY}. */
    void setNoDelay(boolean noDelay) throws IOException;

    /**
     * Keep-alive (RFC 9293 §3.8.4), like {@code SO_KEEPALIVE} with {@code TCP_KEEPIDLE},
     * {@code TCP_KEEPINTVL} and {@code TCP_KEEPCNT}; {@link Keepalive#OFF} turns it off. A peer
     * found gone fails the next read or write with {@link java.net.SocketTimeoutException}.
     */
    void setKeepalive(Keepalive keepalive) throws IOException;

    /**
     * The user timeout (RFC 5482, like {@code TCP_USER_TIMEOUT}): how long sent data may stay
     * unacknowledged before the connection is aborted; {@link Duration#ZERO} leaves it to the
     * retry counts.
     */
    void setUserTimeout(Duration timeout) throws IOException;

    /**
     * Bounds how long one read of {@link #inputStream()} blocks, like {@code SO_TIMEOUT}: when
     * nothing arrives in time the read throws {@link java.net.SocketTimeoutException} and the
     * socket stays usable. {@link Duration#ZERO} (the default) waits as long as it takes.
     *
     * @throws IllegalArgumentException if negative
     */
    void setReadTimeout(Duration timeout) throws IOException;

    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();
}
