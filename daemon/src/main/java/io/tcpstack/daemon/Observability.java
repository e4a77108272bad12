package io.tcpstack.daemon;

import io.tcpstack.daemon.control.ControlProtocol;
import io.tcpstack.daemon.control.ControlServer;
import io.tcpstack.daemon.control.StackInspector;
import io.tcpstack.daemon.control.TraceSource;
import io.tcpstack.daemon.metrics.MetricsEndpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The ways to look into a running daemon: the control socket ({@code tcpstack ss}, {@code stats}, {@code trace};
 * absent when it could not be made) and the optional metrics endpoint ({@code --metrics}).
 */
final class Observability implements AutoCloseable {
    /** Null when the socket could not be made (the daemon warned and runs on). */
    private final ControlServer control;
    /** Null without {@code --metrics}. */
    private final MetricsEndpoint metrics;

    private Observability(ControlServer control, MetricsEndpoint metrics) {
        this.control = control;
        this.metrics = metrics;
    }

    /**
     * @param metrics where to serve metrics, or null for nowhere
     * @throws IOException if the metrics address cannot be bound
     */
    static Observability open(StackInspector inspector, TraceSource traces, Path control, InetSocketAddress metrics) throws IOException {
        MetricsEndpoint endpoint = metrics == null ? null : MetricsEndpoint.start(metrics, inspector);
        return new Observability(ControlServer.start(control, new ControlProtocol(inspector, traces)), endpoint);
    }

    /** For the {@code tcpstack up} line, e.g. {@code , control /run/tcpstack/tcps0.sock, metrics 127.0.0.1:9464}. */
    String description() {
        return (control == null ? ", no control socket" : ", control " + control.path())
                + (metrics == null ? "" : ", metrics port " + metrics.port());
    }

    @Override
    public void close() {
        if (control != null) {
            control.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
