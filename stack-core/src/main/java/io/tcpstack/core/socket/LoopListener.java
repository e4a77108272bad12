package io.tcpstack.core.socket;

import io.tcpstack.core.tcp.TcpEndpoint;
import io.tcpstack.core.tcp.TcpService.TcpListenerHandle;
import io.tcpstack.core.tcp.TcpState;
import java.io.Closeable;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening port of {@link LoopNetwork}: hands each established connection to its
 * {@link StreamHandler} as a {@link LoopStream}, relays the connection's events to it, and keeps the
 * open streams in an intrusive list so that {@link #close()} can close them. A handler callback that
 * throws has its connection aborted and the defect logged with its stack trace; the loop never sees
 * it. {@link #port()}, {@link #connections()} and {@link #close()} are callable from any thread
 * but the loop's; everything else runs on the loop.
 */
public final class LoopListener implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(LoopListener.class);

    private final LoopBridge loop;
    private final StreamHandler handler;
    /** The engine's listener; loop-confined. Set once, right after the engine opened it. */
    private TcpListenerHandle listener;
    /** The listening port, fixed when the listener was opened. */
    private volatile int port;
    /** Loop-confined: the first of the open streams (accepted, onClosed not yet delivered); null if none. */
    private TcpLoopStream first;
    /** Streams in the list; written on the loop only. */
    private volatile int open;
    /** Loop-confined: the application closed the listener; connections still handed over are reset. */
    private boolean closed;

    private LoopListener(LoopBridge loop, StreamHandler handler) {
        this.loop = loop;
        this.handler = handler;
    }

    /** On the loop: listens through {@code open}, which passes the accept callback to the engine. */
    static LoopListener open(LoopBridge loop, StreamHandler handler,
                             Function<Consumer<TcpEndpoint>, TcpListenerHandle> open) {
        LoopListener l = new LoopListener(loop, handler);
        l.listener = open.apply(l::accepted);
        l.port = l.listener.port();
        return l;
    }

    public int port() {
        return port;
    }

    /** Connections being served. */
    public int connections() {
        return open;
    }

    /**
     * Stops listening and closes every open connection gracefully (FIN after what was written; RST
     * if bytes were left unread); the handler hears {@code onClosed} without an error for each. Idempotent.
     */
    @Override
    public void close() throws IOException {
        loop.run(this::closeOnLoop);
    }

    private void closeOnLoop() {
        if (closed) {
            return;
        }
        closed = true;
        listener.close();
        while (first != null) {
            TcpLoopStream s = first;
            s.endpoint.setEvents(null); // no callback from the engine any more: the handler hears onClosed below
            s.endpoint.close();
            closed(s, null);
        }
    }

    // ---- on the loop

    private void accepted(TcpEndpoint endpoint) {
        if (closed) {
            endpoint.abort();
            return;
        }
        TcpLoopStream s = new TcpLoopStream(endpoint, this);
        link(s);
        endpoint.setEvents(s);
        if (call(s, Callback.OPEN) && (endpoint.readableBytes() > 0 || endpoint.isInputShutdown())) {
            readable(s); // bytes or the FIN came with the handshake's last ACK, before the handover
        }
    }

    void readable(TcpLoopStream s) {
        call(s, Callback.READABLE);
    }

    void writable(TcpLoopStream s) {
        call(s, Callback.WRITABLE);
    }

    void closed(TcpLoopStream s, IOException error) {
        unlink(s);
        try {
            handler.onClosed(s, error);
        } catch (RuntimeException e) {
            log.warn("port {} {}: handler failed on close", port, s.remoteAddress(), e);
        }
    }

    private enum Callback { OPEN, READABLE, WRITABLE }

    /** Runs one handler callback; a failure aborts the connection. Returns false if the stream is over. */
    private boolean call(TcpLoopStream s, Callback callback) {
        try {
            switch (callback) {
                case OPEN -> handler.onOpen(s);
                case READABLE -> handler.onReadable(s);
                case WRITABLE -> handler.onWritable(s);
            }
        } catch (RuntimeException e) {
            log.warn("port {} {}: handler failed", port, s.remoteAddress(), e);
            s.endpoint.abort();
        }
        return s.endpoint.state() != TcpState.CLOSED;
    }

    private void link(TcpLoopStream s) {
        s.next = first;
        if (first != null) {
            first.previous = s;
        }
        first = s;
        open++;
    }

    private void unlink(TcpLoopStream s) {
        if (s.previous == null && first != s) {
            return; // not in the list (any more)
        }
        if (s.previous != null) {
            s.previous.next = s.next;
        } else {
            first = s.next;
        }
        if (s.next != null) {
            s.next.previous = s.previous;
        }
        s.previous = null;
        s.next = null;
        open--;
    }

    @Override
    public String toString() {
        return "LoopListener[port " + port + "]";
    }
}
