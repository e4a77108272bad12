package io.tcpstack.core.socket;

import io.netty.buffer.ByteBuf;
import io.tcpstack.core.tcp.Keepalive;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One connection of an event-driven service, used from its {@link StreamHandler}'s callbacks on the
 * event loop (and only there). No call blocks: reads take what has arrived, writes what fits.
 */
public interface LoopStream {
    /**
     * RECEIVE (RFC 9293 §3.10.3): moves up to {@code max} received bytes into {@code dst} (no more
     * than it can take without growing).
     *
     * @return bytes moved; 0 if none are waiting; -1 once the peer's FIN arrived (or the connection
     *     ended) and every byte before it was read
     */
    int read(ByteBuf dst, int max);

    /**
     * RECEIVE (RFC 9293 §3.10.3) for a handler that drops what arrives: like {@link #read}, but the
     * bytes are released without being copied anywhere.
     *
     * @return bytes dropped; 0 if none are waiting; -1 as for {@link #read}
     */
    int skip(int max);

    /** Received bytes waiting to be read. */
    int readableBytes();

    /** True once the input ended (the peer's FIN, or the end of the connection) and every byte before it was read: {@link #read} returns -1. */
    boolean isInputShutdown();

    /**
     * SEND (RFC 9293 §3.10.2): copies up to {@link #writableBytes()} readable bytes of {@code src}
     * into the send buffer, advancing its readerIndex; the caller keeps {@code src}.
     *
     * @return bytes taken; fewer than offered when the send buffer filled ({@link StreamHandler#onWritable} follows)
     * @throws IllegalStateException after {@link #shutdownOutput}, {@link #close} or the end of the connection
     */
    int write(ByteBuf src);

    /** Bytes {@link #write} takes now; 0 when the send buffer is full or the output is shut down. */
    int writableBytes();

    /** Half-close: FIN after the bytes written (RFC 9293 §3.10.4); reading goes on. Idempotent. */
    void shutdownOutput();

    /** Graceful close: FIN after the bytes written; bytes left unread make it an RST (RFC 1122 §4.2.2.13). Idempotent. */
    void close();

    /** Abortive close (RFC 9293 §3.10.5): RST, queued bytes dropped. Idempotent. */
    void abort();

    /** Turns Nagle's algorithm (RFC 9293 §3.7.4, on by default) off or on. */
    void setNoDelay(boolean noDelay);

    /** Keep-alive for this connection (RFC 9293 §3.8.4); see {@link io.tcpstack.core.tcp.TcpEndpoint#setKeepalive}. */
    void setKeepalive(Keepalive keepalive);

    /** The user timeout (RFC 5482, {@code TCP_USER_TIMEOUT}); see {@link io.tcpstack.core.tcp.TcpEndpoint#setUserTimeout}. */
    void setUserTimeout(Duration timeout);

    /** Whatever the handler keeps for this connection; null until {@link #attach}. */
    Object attachment();

    void attach(Object attachment);

    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();
}
