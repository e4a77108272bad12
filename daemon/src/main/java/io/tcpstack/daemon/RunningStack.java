package io.tcpstack.daemon;

import io.netty.channel.EventLoopGroup;
import io.tcpstack.core.NetworkStack;
import io.tcpstack.core.tcp.ConnectionInfo;
import io.tcpstack.daemon.services.ServiceSpec;
import io.tcpstack.daemon.services.Services;
import io.tcpstack.tun.TunChannel;
import io.tcpstack.tun.TunDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A started stack: waits for its end and stops it once, whoever asks first. */
final class RunningStack {
    private static final Logger LOG = LoggerFactory.getLogger(RunningStack.class);

    private final TunChannel channel;
    /** The channel's device, for the last log line. */
    private final TunDevice device;
    private final EventLoopGroup loop;
    /** Why the stack was asked to stop ({@code SIGTERM}, ...), null while nobody asked; guarded by {@code this}. */
    private String stopReason;
    /** Whether the channel and the loop are closed; guarded by {@code this}. */
    private boolean stopped;

    /** The stack on the channel: sockets and the connection table. */
    private final NetworkStack stack;
    /** The interface and addresses, for the {@code tcpstack up} line, e.g. {@code interface tcps0 created, stack ...}. */
    private final String description;
    /** The built-in services, null until {@link #serve} started them; guarded by {@code this}. */
    private Services services;

    RunningStack(TunChannel channel, TunDevice device, EventLoopGroup loop, NetworkStack stack, String description) {
        this.channel = channel;
        this.device = device;
        this.loop = loop;
        this.stack = stack;
        this.description = description;
    }

    /**
     * Starts the built-in services on the stack's sockets (they stop before the stack does), then
     * logs the {@code tcpstack up: ...} line: from that line on, every service accepts connections.
     */
    synchronized void serve(List<ServiceSpec> specs) throws IOException {
        services = Services.start(stack.sockets(), specs,
                this::connectionRows);
        LOG.info("tcpstack up: {}", description);
    }

    /** The status page's connection table: one row per connection, or why there is none. */
    private List<String> connectionRows() {
        try {
            return stack.connections().stream().map(ConnectionInfo::toString).toList();
        } catch (IOException e) {
            return List.of("(connection table unavailable: " + e.getMessage() + ")");
        }
    }

    /**
     * Stops the stack (idempotent): closes the channel and the event loop, then logs the final
     * counters (one line per layer: {@code ipv4 counters: InReceives=12 InHdrErrors=0 ...}) and one
     * last line.
     */
    synchronized void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        if (stopped) {
            return;
        }
        stopped = true;
        if (services != null) {
            services.close();
        }
        channel.close().awaitUninterruptibly();
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        logCounters("ipv4", stack.ipv4().counters().snapshot());
        logCounters("icmp", stack.icmp().counters().snapshot());
        logCounters("tcp", stack.tcp().counters().snapshot());
        LOG.info("tun counters: SuperSegmentsIn={} SuperSegmentsOut={}", channel.superSegmentsIn(),
                channel.superSegmentsOut());
        LOG.info("tcpstack stopped ({}): interface {} {}", stopReason, device.name(),
                device.created() ? "removed" : "detached (left in place)");
    }

    private static void logCounters(String layer, Map<String, Long> counters) {
        LOG.info("{} counters: {}", layer, counters.entrySet().stream()
                .map(counter -> counter.getKey() + "=" + counter.getValue()).collect(Collectors.joining(" ")));
    }

    /**
     * Blocks until the channel closes and the stack has stopped.
     *
     * @return true when a stop was requested, false when the channel closed by itself (a device error)
     */
    boolean awaitStop() {
        channel.closeFuture().awaitUninterruptibly();
        boolean requested;
        synchronized (this) {
            requested = stopReason != null;
        }
        stop("TUN device failed");
        return requested;
    }
}
