package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.StreamSocket;
import io.tcpstack.daemon.web.ConnectionsView;
import java.io.IOException;
import java.time.Clock;

/**
 * HTTP/1.1 (RFC 9110, RFC 9112) with three resources: {@code GET /} the status page,
 * {@code GET /bytes/N} N bytes of {@link BytesPattern}, {@code POST /sink} the body's length and
 * SHA-256, and on the userspace stack {@code GET /connections}, the connections' ladder diagrams. HEAD works wherever GET does; persistent connections and {@code Connection: close}
 * are honoured. A connection over the service's cap gets 503.
 */
public final class HttpHandler implements ConnectionHandler {
    /** Well-known port (RFC 9110 §4.2.1). */
    public static final int PORT = 80;

    private final HttpRoutes routes;
    /** Source of the Date header. */
    private final Clock clock;
    private final ServiceTimeouts timeouts;

    HttpHandler(StatusPage statusPage, Clock clock, ServiceTimeouts timeouts) {
        this(statusPage, null, clock, timeouts);
    }

    /** @param connections the web view of traced connections ({@code /connections}), or null for none */
    HttpHandler(StatusPage statusPage, ConnectionsView connections, Clock clock, ServiceTimeouts timeouts) {
        this.routes = new HttpRoutes(statusPage, connections);
        this.clock = clock;
        this.timeouts = timeouts;
    }

    @Override
    public void serve(StreamSocket socket) throws IOException {
        new HttpConnection(socket, routes, clock, timeouts).run();
    }

    /** 503 and a staged close: see {@link HttpConnection#refuse()}. */
    @Override
    public boolean refuse(StreamSocket socket) throws IOException {
        new HttpConnection(socket, routes, clock, timeouts).refuse();
        return true;
    }
}
