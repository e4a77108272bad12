package io.tcpstack.core.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import io.tcpstack.core.tcp.Keepalive;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A {@link StreamSocket} over one connection of the userspace TCP engine. Blocking calls park the
 * calling thread (cheap on a virtual thread) and are woken by the event loop; the loop itself
 * never blocks, and a blocking call made on the loop thread is rejected.
 *
 * <p>Reads return locally buffered bytes first; an error the connection ended with is reported
 * before the end of the stream (as Linux does). {@link #close()} and {@link #abort()} from any
 * thread wake threads blocked in this socket with {@link java.net.SocketException} "Socket closed".
 *
 * <p>Interruption: a call blocked waiting for data, buffer space or the handshake throws
 * {@link java.io.InterruptedIOException} and keeps the thread's interrupt status set. The socket
 * stays usable and nothing is lost: unread bytes stay buffered, and an interrupted write reports in
 * {@code bytesTransferred} how many of its bytes were handed to the stack (the rest were not).
 * An interrupted connect aborts the attempt.
 */
public final class TcpStreamSocket implements StreamSocket {
    /** The state shared with the event loop. */
    private final SocketCore core;

    /** The local end, fixed when the connection was created. */
    private final InetSocketAddress localAddress;

    /** The remote end, fixed when the connection was created. */
    private final InetSocketAddress remoteAddress;

    /** On the loop, once {@code core} is attached to its endpoint. */
    TcpStreamSocket(SocketCore core) {
        this.core = core;
        this.localAddress = core.endpoint().localAddress();
        this.remoteAddress = core.endpoint().remoteAddress();
    }

    @Override
    public InputStream inputStream() {
        return core.input;
    }

    @Override
    public OutputStream outputStream() {
        return core.output;
    }

    @Override
    public void shutdownOutput() throws IOException {
        core.shutdownOutput();
    }

    /** Does not wait for the queued bytes to be acknowledged (no linger). */
    @Override
    public void close() throws IOException {
        core.close();
    }

    @Override
    public void abort() {
        core.abort();
    }

    @Override
    public void setNoDelay(boolean noDelay) throws IOException {
        core.configure(e -> e.setNoDelay(noDelay));
    }

    @Override
    public void setKeepalive(Keepalive keepalive) throws IOException {
        java.util.Objects.requireNonNull(keepalive, "keepalive");
        core.configure(e -> e.setKeepalive(keepalive));
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("read timeout must not be negative: " + timeout);
        }
        core.input.readTimeout(timeout);
    }

    @Override
    public void setUserTimeout(Duration timeout) throws IOException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("user timeout must not be negative: " + timeout);
        }
        core.configure(e -> e.setUserTimeout(timeout));
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** On the loop: resets a connection the application never saw (its listener closed first). */
    void abortOnLoop() {
        core.abortOnLoop();
    }

    @Override
    public String toString() {
        return "TcpStreamSocket[" + localAddress + " -> " + remoteAddress + "]";
    }
}
