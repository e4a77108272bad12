package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.LoopNetwork;
import io.tcpstack.core.socket.StreamHandler;
import io.tcpstack.core.socket.StreamNetwork;
import io.tcpstack.daemon.services.iperf.IperfHandler;
import io.tcpstack.daemon.web.ConnectionLog;
import io.tcpstack.daemon.web.ConnectionsView;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in services running on one network; {@link #close()} stops them all. Started on the
 * userspace stack, which also serves connections on its event loop ({@link LoopNetwork}), echo,
 * discard, chargen and iperf3 run there, with no thread per connection, and HTTP on the same loop
 * through the stack's Netty transport ({@link HttpService}); daytime and forward, and every
 * service but HTTP on a network without an event loop (the kernel's sockets, where HTTP runs on
 * Netty's NIO), run a virtual thread per connection. The iperf3 server runs only on the event loop.
 */
public final class Services implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Services.class);

    private final StreamNetwork network;
    /** The same network's event-loop API; null for a network that has none. */
    private final LoopNetwork loop;
    /** What this queue's services share with the other queues' ones. */
    private final SharedServices shared;
    private final Clock clock = Clock.systemUTC();
    /** Services started and not yet stopped, in start order. */
    private final List<Service> running = new CopyOnWriteArrayList<>();
    /** The HTTP status page: lists {@link #running} and the given table. */
    private final StatusPage statusPage;
    /** The HTTP service's view of traced connections; null on a network that is not traced. */
    private final ConnectionsView connectionsView;

    private Services(StreamNetwork network, LoopNetwork loop, SharedServices shared, ConnectionTable connections,
                     ConnectionLog traced) {
        this.network = network;
        this.loop = loop;
        this.shared = shared;
        this.connectionsView = traced == null ? null : new ConnectionsView(traced);
        this.statusPage = new StatusPage(() -> running.stream().map(Service::toString).toList(), connections);
    }

    /**
     * Starts every service of {@code specs} on a network without an event loop of its own (the
     * kernel's sockets): each runs a thread per connection, and iperf3 cannot run. See
     * {@link #start(StreamNetwork, LoopNetwork, List, ConnectionTable)}.
     */
    public static Services start(StreamNetwork network, List<ServiceSpec> specs, ConnectionTable connections)
            throws IOException {
        return start(specs, new Services(network, null, new SharedServices(), connections, null));
    }

    /**
     * Starts every service of {@code specs} on the userspace stack, whose {@code network} and
     * {@code loop} are two APIs of one TCP layer: echo, discard, chargen and iperf3 on its event
     * loop, the others through {@code network}. If one cannot start (its port is taken), the ones
     * already started are stopped and an IOException with a one-line message naming the service
     * is thrown.
     *
     * @param shared      what the services of all queues of one interface share: the running iperf3 test,
     *                    each service's counters and connection cap
     * @param connections the stack's connection table, shown on the HTTP status page
     * @param traced      the traced connections the HTTP service draws at {@code /connections}, or null for none
     */
    public static Services start(StreamNetwork network, LoopNetwork loop, SharedServices shared, List<ServiceSpec> specs,
                                 ConnectionTable connections, ConnectionLog traced) throws IOException {
        return start(specs, new Services(network, java.util.Objects.requireNonNull(loop, "loop"),
                java.util.Objects.requireNonNull(shared, "shared"), connections, traced));
    }

    private static Services start(List<ServiceSpec> specs, Services services) throws IOException {
        try {
            for (ServiceSpec spec : specs) {
                services.start(spec);
            }
        } catch (IOException e) {
            services.close();
            throw e;
        }
        return services;
    }

    private void start(ServiceSpec spec) throws IOException {
        try {
            StreamHandler onLoop = loop != null ? loopHandler(spec) : null;
            Service service = spec.kind() == ServiceSpec.Kind.HTTP ? http(spec)
                    : onLoop != null
                    ? LoopService.start(spec.name(), loop, spec.port(), onLoop, spec.limits(), spec.timeouts().idle(),
                            shared.counters(spec))
                    : RunningService.start(spec.name(), network, spec.port(), handler(spec), spec.limits(),
                            shared.counters(spec));
            running.add(service);
            log.info("{} listening", service);
        } catch (IOException e) {
            throw new IOException("cannot start " + spec.name() + " on port " + spec.port() + ": " + e.getMessage(), e);
        }
    }

    /** The HTTP service: on the stack's own loop, or over the kernel's sockets. */
    private HttpService http(ServiceSpec spec) throws IOException {
        HttpChannels channels = new HttpChannels(new HttpRoutes(statusPage, connectionsView), clock, spec.timeouts(),
                spec.limits(), shared.counters(spec));
        if (loop != null) {
            if (!(loop.eventLoop() instanceof io.netty.channel.EventLoop eventLoop)) {
                throw new IOException("the stack does not run on a Netty event loop");
            }
            return HttpService.onStack(spec.name(), eventLoop, spec.port(), channels);
        }
        if (!(network instanceof JdkStreamNetwork kernel)) {
            throw new IOException("HTTP runs on the userspace stack's loop or the kernel's sockets only");
        }
        return HttpService.onKernel(spec.name(), kernel.bindAddress(), spec.port(), channels);
    }

    private ConnectionHandler handler(ServiceSpec spec) throws IOException {
        return switch (spec.kind()) {
            case HTTP -> throw new AssertionError("HTTP has its own transport");
            case ECHO -> new EchoHandler();
            case DISCARD -> new DiscardHandler();
            case CHARGEN -> new ChargenHandler();
            case DAYTIME -> new DaytimeHandler(clock);
            case IPERF -> throw new IOException("the iperf3 server runs on the userspace stack's event loop only");
            case FORWARD -> new ForwardHandler(network, spec.target(), spec.timeouts().idle());
        };
    }

    /** The event-loop handler of a service that has one, else null. */
    private StreamHandler loopHandler(ServiceSpec spec) {
        return switch (spec.kind()) {
            case ECHO -> new LoopEchoHandler();
            case DISCARD -> new LoopDiscardHandler();
            case CHARGEN -> new LoopChargenHandler();
            case IPERF -> new IperfHandler(shared.iperfTests(), loop.eventLoop());
            case HTTP, DAYTIME, FORWARD -> null;
        };
    }

    /** The services running, in start order. */
    public List<Service> running() {
        return List.copyOf(running);
    }

    /** Stops every service: listeners and open connections are closed. */
    @Override
    public void close() {
        for (Service service : running) {
            try {
                service.close();
            } catch (IOException e) {
                log.debug("{}: close: {}", service, e.toString());
            }
        }
        running.clear();
    }
}
