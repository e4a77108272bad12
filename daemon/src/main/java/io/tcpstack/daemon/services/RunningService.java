package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.StreamNetwork;
import io.tcpstack.core.socket.StreamServerSocket;
import io.tcpstack.core.socket.StreamSocket;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening service: an accept loop on a virtual thread and one virtual thread per
 * connection. A connection the peer ends abnormally (reset, timeout) is logged at debug level
 * with the peer's address; a handler defect at warn level with its stack trace. Neither ends the
 * service; every accepted socket is closed (or aborted) exactly when its handler ends. While the
 * service serves its {@link ServiceLimits#maxConnections()}, a new connection is refused (reset)
 * and counted; each served connection gets the service's keep-alive.
 */
public final class RunningService implements Service {
    private static final Logger log = LoggerFactory.getLogger(RunningService.class);
    /** Accept queue length requested from the network. */
    static final int BACKLOG = 128;

    /** Human-readable name, e.g. "echo" or "forward to 10.0.0.1:80"; fixed. */
    private final String name;
    /** The passive-open socket; closed once by {@link #close()}. */
    private final StreamServerSocket listener;
    private final ConnectionHandler handler;
    private final ServiceLimits limits;
    /** Shared with the same service on the other queues. */
    private final ServiceCounters counters;
    /** The sockets of {@link #open} being served (not refused); added by the accept loop only, emptied by {@link #close()}. */
    private final Set<StreamSocket> served = ConcurrentHashMap.newKeySet();
    /** Accepted sockets, served or being refused, whose thread has not yet ended; emptied by {@link #close()}. */
    private final Set<StreamSocket> open = ConcurrentHashMap.newKeySet();
    /** Set once by {@link #close()}; afterwards no connection is served. */
    private volatile boolean closed;
    private final Thread acceptor;

    private RunningService(String name, StreamServerSocket listener, ConnectionHandler handler, ServiceLimits limits,
                           ServiceCounters counters) {
        this.name = name;
        this.listener = listener;
        this.handler = handler;
        this.limits = limits;
        this.counters = counters;
        this.acceptor = Thread.ofVirtual().name(name + "-accept").unstarted(this::acceptLoop);
    }

    /** Listens on {@code port} (0: any free port) and starts accepting. */
    public static RunningService start(String name, StreamNetwork network, int port, ConnectionHandler handler,
                                       ServiceLimits limits) throws IOException {
        return start(name, network, port, handler, limits, new ServiceCounters());
    }

    /** As {@link #start(String, StreamNetwork, int, ConnectionHandler, ServiceLimits)}, counting (and capping) in {@code counters}. */
    static RunningService start(String name, StreamNetwork network, int port, ConnectionHandler handler,
                                ServiceLimits limits, ServiceCounters counters) throws IOException {
        RunningService service = new RunningService(name, network.listen(port, BACKLOG), handler, limits, counters);
        service.acceptor.start();
        return service;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int port() {
        return listener.port();
    }

    @Override
    public int connections() {
        return served.size();
    }

    @Override
    public ServiceCounters counters() {
        return counters;
    }

    private void acceptLoop() {
        while (!closed) {
            StreamSocket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.debug("{} on port {}: accept failed: {}", name, port(), e.toString());
                }
                continue;
            }
            open.add(socket);
            if (closed) { // close() may have swept the set before the add: sweep this one
                finish(socket, true);
                return;
            }
            if (!counters.admit(limits.maxConnections())) {
                log.debug("{} {}: refused, {} connections served already", name, socket.remoteAddress(),
                        limits.maxConnections());
                finish(socket, false);
                continue;
            }
            served.add(socket);
            Thread.ofVirtual().name(name + " " + socket.remoteAddress()).start(() -> serve(socket));
        }
    }

    /** Serves an admitted connection, then closes it. */
    private void serve(StreamSocket socket) {
        boolean graceful = false;
        try {
            if (limits.keepalive() != null) {
                socket.setKeepalive(limits.keepalive());
            }
            handler.serve(socket);
            graceful = true;
        } catch (ConnectionIdleException e) {
            graceful = true;
            counters.countIdleClosed();
            log.debug("{} {}: {}", name, socket.remoteAddress(), e.getMessage());
        } catch (IOException e) { // the peer reset, timed out or went away: normal for a network service
            if (!closed) {
                log.debug("{} {}: connection ended: {}", name, socket.remoteAddress(), e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) { // a defect in the service, not the peer's doing
            log.warn("{} {}: service failed", name, socket.remoteAddress(), e);
        } finally {
            finish(socket, graceful);
        }
    }

    private void finish(StreamSocket socket, boolean graceful) {
        if (served.remove(socket)) {
            counters.left();
        }
        if (!open.remove(socket)) {
            return; // already closed by close()
        }
        if (graceful) {
            closeQuietly(socket);
        } else {
            socket.abort();
        }
    }

    private void closeQuietly(StreamSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("{} {}: close: {}", name, socket.remoteAddress(), e.toString());
        }
    }

    /** Stops accepting and closes every open connection; waits for the accept loop to end. */
    @Override
    public void close() throws IOException {
        closed = true;
        try {
            listener.close();
        } finally {
            for (StreamSocket socket : open) {
                finish(socket, true);
            }
            try {
                acceptor.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name + " on port " + port() + counters.summary();
    }
}
