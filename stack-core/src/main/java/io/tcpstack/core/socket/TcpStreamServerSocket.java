package io.tcpstack.core.socket;

import io.tcpstack.core.tcp.TcpService.TcpListenerHandle;
import java.io.IOException;
import java.util.List;

/**
 * A {@link StreamServerSocket} over a listener of the userspace TCP engine. {@link #accept()}
 * parks until the loop hands over a connection; {@link #close()} from any thread wakes it with
 * {@link java.net.SocketException} "Socket closed", and an interrupted accept throws
 * {@link java.io.InterruptedIOException} with the listener left open.
 */
public final class TcpStreamServerSocket implements StreamServerSocket {
    private final LoopBridge loop;

    /** Connections handed over and not yet accepted. */
    private final AcceptQueue queue;

    /** The engine's listener; loop-confined. */
    private final TcpListenerHandle listener;

    /** The listening port, read from the listener when it was opened. */
    private final int port;

    /** On the loop, right after the listener was opened. */
    TcpStreamServerSocket(LoopBridge loop, AcceptQueue queue, TcpListenerHandle listener) {
        this.loop = loop;
        this.queue = queue;
        this.listener = listener;
        this.port = listener.port();
    }

    @Override
    public StreamSocket accept() throws IOException {
        return queue.take();
    }

    @Override
    public int port() {
        return port;
    }

    /** Stops listening and resets the connections that were never accepted. Idempotent. */
    @Override
    public void close() throws IOException {
        List<TcpStreamSocket> orphans = queue.close();
        if (orphans != null) {
            loop.run(() -> {
                listener.close();
                orphans.forEach(TcpStreamSocket::abortOnLoop);
            });
        }
    }

    @Override
    public String toString() {
        return "TcpStreamServerSocket[port " + port + "]";
    }
}
