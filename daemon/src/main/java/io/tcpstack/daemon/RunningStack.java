package io.tcpstack.daemon;

import io.netty.channel.EventLoopGroup;
import io.tcpstack.core.NetworkStack;
import io.tcpstack.daemon.control.StackSnapshot;
import io.tcpstack.daemon.control.TraceSource;
import io.tcpstack.daemon.web.ConnectionLog;
import io.tcpstack.daemon.control.TraceTap;
import io.tcpstack.daemon.services.ServiceSpec;
import io.tcpstack.daemon.services.Services;
import io.tcpstack.daemon.services.SharedServices;
import io.tcpstack.tun.TunDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A started stack: waits for its end and stops it once, whoever asks first. */
final class RunningStack {
    private static final Logger LOG = LoggerFactory.getLogger(RunningStack.class);

    /** The TUN queues and their stacks, at least one; each serves the same services. */
    private final List<StackQueue> queues;
    /** The first queue's device, for the last log line. */
    private final TunDevice device;
    /** The event loops, one per queue. */
    private final EventLoopGroup loops;
    /** Completed when the first queue's channel closes (a stop, or a device error). */
    private final CompletableFuture<Void> anyClosed = new CompletableFuture<>();
    /** Why the stack was asked to stop ({@code SIGTERM}, ...), null while nobody asked; guarded by {@code this}. */
    private String stopReason;
    /** Whether the channels and the loops are closed; guarded by {@code this}. */
    private boolean stopped;

    /** The interface and addresses, for the {@code tcpstack up} line, e.g. {@code interface tcps0 created, stack ...}. */
    private final String description;
    /** The built-in services, one set per queue, empty until {@link #serve} started them; guarded by {@code this}. */
    private final List<Services> services = new ArrayList<>();
    /** The control socket and metrics endpoint, null until {@link #serve} opened them; guarded by {@code this}. */
    private Observability observability;
    /** The traced connections the status page draws, null until {@link #serve}; guarded by {@code this}. */
    private ConnectionLog connectionLog;

    RunningStack(List<StackQueue> queues, TunDevice device, EventLoopGroup loops, String description) {
        this.queues = List.copyOf(queues);
        this.device = device;
        this.loops = loops;
        this.description = description;
        queues.forEach(queue -> queue.channel().closeFuture().addListener(f -> anyClosed.complete(null)));
    }

    /**
     * Starts the built-in services on every queue's stack (they stop before the stacks do), then
     * logs the {@code tcpstack up: ...} line: from that line on, every service accepts connections.
     * Under a {@code Type=notify} systemd unit it also tells systemd so ({@code READY=1}). First it
     * opens the control socket at {@code control} and, unless {@code metrics} is null, the metrics endpoint.
     */
    synchronized void serve(List<ServiceSpec> specs, Path control, InetSocketAddress metrics) throws IOException {
        List<TraceTap> taps = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            NetworkStack stack = queues.get(i).stack();
            taps.add(new TraceTap(i, stack.tcp(), stack.ipv4().localAddress(), queues.get(i).channel().eventLoop()));
        }
        TraceSource traces = TraceSource.of(taps);
        observability = Observability.open(new LoopInspector(queues), traces, control, metrics);
        connectionLog = new ConnectionLog(traces);
        SharedServices shared = new SharedServices(); // one iperf3 test at a time, one cap per service
        for (StackQueue queue : queues) {
            services.add(Services.start(queue.stack().streamNetwork(), queue.stack().loopNetwork(), shared, specs,
                    this::connectionRows, connectionLog));
        }
        LOG.info("tcpstack up: {}{}", description, observability.description());
        try {
            SdNotify.ready();
        } catch (RuntimeException e) { // a unit without readiness still works; systemd reports its own timeout
            LOG.warn("cannot notify systemd of readiness (NOTIFY_SOCKET={}): {}", System.getenv("NOTIFY_SOCKET"),
                    e.getMessage());
        }
    }

    /** The status page's connection table: one row per connection of every queue, or why there is none. */
    private List<String> connectionRows() {
        List<String> rows = new ArrayList<>();
        for (StackQueue queue : queues) {
            try {
                queue.stack().connections().forEach(c -> rows.add(c.toString()));
            } catch (IOException e) {
                rows.add("(connection table unavailable: " + e.getMessage() + ")");
            }
        }
        return rows;
    }

    /**
     * Stops the stack (idempotent): closes the channels and the event loops, then logs the final
     * counters (one line per layer, {@code ipv4 counters: InReceives=12 InHdrErrors=0 ...}, summed
     * over the queues, after one per layer and queue, {@code queue 0 ipv4 counters: ...}, when there
     * are several) and one last line.
     */
    synchronized void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        if (stopped) {
            return;
        }
        stopped = true;
        if (observability != null) {
            observability.close();
        }
        if (connectionLog != null) {
            connectionLog.close();
        }
        services.forEach(Services::close);
        queues.forEach(queue -> queue.channel().close().awaitUninterruptibly());
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        Map<String, Map<String, Long>> totals = new LinkedHashMap<>();
        for (int i = 0; i < queues.size(); i++) {
            Map<String, Map<String, Long>> layers = StackSnapshot.counters(queues.get(i).stack(),
                    queues.get(i).channel().counters());
            for (Map.Entry<String, Map<String, Long>> layer : layers.entrySet()) {
                if (queues.size() > 1) {
                    logCounters("queue " + i + " " + layer.getKey(), layer.getValue());
                }
                Map<String, Long> total = totals.computeIfAbsent(layer.getKey(), k -> new LinkedHashMap<>());
                layer.getValue().forEach((name, value) -> total.merge(name, value, Long::sum));
            }
        }
        totals.forEach(RunningStack::logCounters); // with several queues, the sums over all of them
        LOG.info("tcpstack stopped ({}): interface {} {}", stopReason, device.name(),
                device.created() ? "removed" : "detached (left in place)");
    }

    private static void logCounters(String layer, Map<String, Long> counters) {
        LOG.info("{} counters: {}", layer, counters.entrySet().stream()
                .map(counter -> counter.getKey() + "=" + counter.getValue()).collect(Collectors.joining(" ")));
    }

    /**
     * Blocks until a channel closes and the stack has stopped.
     *
     * @return true when a stop was requested, false when a channel closed by itself (a device error)
     */
    boolean awaitStop() {
        anyClosed.join();
        boolean requested;
        synchronized (this) {
            requested = stopReason != null;
        }
        stop("TUN device failed");
        return requested;
    }
}
