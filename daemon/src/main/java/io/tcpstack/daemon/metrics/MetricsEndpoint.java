package io.tcpstack.daemon.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tcpstack.daemon.control.StackInspector;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * {@code --metrics HOST:PORT}: the Prometheus text format on {@code http://HOST:PORT/metrics}, served
 * by the official client's HTTP server on the kernel side's network (the daemon's own namespace),
 * not through the stack.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HTTPServer server;

    private MetricsEndpoint(HTTPServer server) {
        this.server = server;
    }

    /** Binds {@code address} and serves the stack's metrics ({@link StackCollector}). */
    public static MetricsEndpoint start(InetSocketAddress address, StackInspector inspector) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new StackCollector(inspector));
        try {
            return new MetricsEndpoint(HTTPServer.builder().hostname(address.getHostString()).port(address.getPort())
                    .registry(registry).buildAndStart());
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + address.getHostString() + ":" + address.getPort()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The bound port (the one asked for, or the one chosen for port 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
