package io.tcpstack.core.tcp;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * The TCP layer's OPEN calls (RFC 9293 §3.10.1). Called on the event loop thread only;
 * {@link #eventLoop()} tells other threads where to run their calls.
 */
public interface TcpService {
    /** The executor (event loop) every TcpEndpoint of this service is confined to. */
    java.util.concurrent.Executor eventLoop();

    /** Timers that fire on {@link #eventLoop()}; usable on the loop only. */
    io.tcpstack.core.time.TimerScheduler timers();

    /**
     * The one port rule of every OPEN call: 0..65535, where 0 asks for a free ephemeral port.
     *
     * @return {@code port}
     * @throws IllegalArgumentException "port out of range: N" otherwise
     */
    static int checkPort(int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return port;
    }

    /**
     * Passive OPEN: a listener on {@code port} (LISTEN), or on a free ephemeral port when it is 0
     * (as a kernel socket bound to port 0). Each connection that completes its handshake
     * is handed to {@code onAccept} (already ESTABLISHED; at most {@code backlog} are queued
     * by the listener while waiting for the handshake to finish plus being handed over).
     *
     * @throws java.io.UncheckedIOException wrapping a {@link java.net.BindException} if the port is in use
     * @throws IllegalArgumentException if the port is out of range ({@link #checkPort})
     */
    TcpListenerHandle listen(int port, int backlog, Consumer<TcpEndpoint> onAccept);

    /** Active OPEN: sends a SYN (SYN_SENT); {@code events} hears onEstablished or onClosed(error). */
    TcpEndpoint connect(InetSocketAddress remote, TcpEndpointEvents events);

    /** A listening port; closing it refuses new connections and resets those not yet accepted. */
    interface TcpListenerHandle {
        int port();

        void close();
    }
}
