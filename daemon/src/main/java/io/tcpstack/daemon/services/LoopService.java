package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.LoopListener;
import io.tcpstack.core.socket.LoopNetwork;
import io.tcpstack.core.socket.StreamHandler;
import java.io.IOException;
import java.time.Duration;

/**
 * A service whose connections a {@link StreamHandler} serves on the stack's event loop: no thread
 * and no buffer per connection, so an idle connection costs only its TCB and its stream.
 */
public final class LoopService implements Service {
    /** Human-readable name; fixed. */
    private final String name;
    /** The listener; closed once by {@link #close()}. */
    private final LoopListener listener;
    private final ServiceCounters counters;

    private LoopService(String name, LoopListener listener, ServiceCounters counters) {
        this.name = name;
        this.listener = listener;
        this.counters = counters;
    }

    /**
     * Listens on {@code port} (0: any free port); {@code handler} serves every connection within
     * the service's {@code limits} and idle timeout ({@link Duration#ZERO}: none), see {@link LoopLimits};
     * {@code counters} are the service's on every queue, and hold its cap.
     */
    public static LoopService start(String name, LoopNetwork network, int port, StreamHandler handler,
                                    ServiceLimits limits, Duration idleTimeout, ServiceCounters counters) throws IOException {
        StreamHandler limited = limits.equals(ServiceLimits.NONE) && idleTimeout.isZero() ? handler
                : new LoopLimits(name, handler, limits, idleTimeout, network.timers(), counters);
        return new LoopService(name, network.listen(port, RunningService.BACKLOG, limited), counters);
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
        return listener.connections();
    }

    @Override
    public ServiceCounters counters() {
        return counters;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    @Override
    public String toString() {
        return name + " on port " + port() + counters.summary();
    }
}
