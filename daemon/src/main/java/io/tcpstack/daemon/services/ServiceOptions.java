package io.tcpstack.daemon.services;

import io.tcpstack.daemon.services.ServiceSpec.Kind;
import io.tcpstack.daemon.services.iperf.IperfHandler;
import io.tcpstack.core.tcp.Keepalive;
import io.tcpstack.daemon.Converters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Options choosing the built-in services, as a picocli mixin. Every service runs by default on
 * its well-known port; {@code --no-X} turns one off (and wins over {@code --X PORT}).
 */
public final class ServiceOptions {
    /** The command using this mixin, for error reports. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--http", paramLabel = "PORT", converter = PortConverter.class,
            description = "Port of the HTTP service (default: ${DEFAULT-VALUE}).")
    int http = HttpService.PORT;

    @Option(names = "--no-http", description = "Do not run the HTTP service.")
    boolean noHttp;

    @Option(names = "--http-idle-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = Converters.DurationConverter.class,
            description = "Close an HTTP connection whose client sends nothing for this long, between requests or inside"
                    + " a body (408 inside a request); 0s waits forever (default: ${DEFAULT-VALUE}).")
    Duration httpIdleTimeout;

    @Option(names = "--http-header-timeout", paramLabel = "DURATION", defaultValue = "20s",
            converter = Converters.DurationConverter.class,
            description = "Answer 408 and close when a request head takes longer than this to arrive, however its bytes"
                    + " trickle in (slowloris); 0s for no bound (default: ${DEFAULT-VALUE}).")
    Duration httpHeaderTimeout;

    @Option(names = "--echo", paramLabel = "PORT", converter = PortConverter.class,
            description = "Port of the echo service, RFC 862 (default: ${DEFAULT-VALUE}).")
    int echo = EchoHandler.PORT;

    @Option(names = "--no-echo", description = "Do not run the echo service.")
    boolean noEcho;

    @Option(names = "--discard", paramLabel = "PORT", converter = PortConverter.class,
            description = "Port of the discard service, RFC 863 (default: ${DEFAULT-VALUE}).")
    int discard = DiscardHandler.PORT;

    @Option(names = "--no-discard", description = "Do not run the discard service.")
    boolean noDiscard;

    @Option(names = "--chargen", paramLabel = "PORT", converter = PortConverter.class,
            description = "Port of the character generator, RFC 864 (default: ${DEFAULT-VALUE}).")
    int chargen = ChargenHandler.PORT;

    @Option(names = "--no-chargen", description = "Do not run the character generator.")
    boolean noChargen;

    @Option(names = "--daytime", paramLabel = "PORT", converter = PortConverter.class,
            description = "Port of the daytime service, RFC 867 (default: ${DEFAULT-VALUE}).")
    int daytime = DaytimeHandler.PORT;

    @Option(names = "--no-daytime", description = "Do not run the daytime service.")
    boolean noDaytime;

    @Option(names = "--iperf", paramLabel = "PORT", converter = PortConverter.class,
            description = "Port of the iperf3-compatible server, TCP tests (default: ${DEFAULT-VALUE}).")
    int iperf = IperfHandler.PORT;

    @Option(names = "--no-iperf", description = "Do not run the iperf3-compatible server.")
    boolean noIperf;

    @Option(names = "--forward", paramLabel = "PORT=HOST:HPORT", converter = ForwardConverter.class,
            description = "Relay connections to PORT to HOST:HPORT (repeatable).")
    List<ServiceSpec> forwards = new ArrayList<>();

    @Option(names = "--service-idle-timeout", paramLabel = "SERVICE=DURATION",
            converter = {ServiceKindConverter.class, Converters.DurationConverter.class},
            description = "Close a connection of SERVICE (echo, discard, chargen, iperf, forward: every forward) that"
                    + " made no progress in either direction for DURATION: nothing from the client and nothing it"
                    + " acknowledged (FIN; RST if the client stopped reading); repeatable, e.g. echo=5m; off by"
                    + " default. http=DURATION is --http-idle-timeout.")
    Map<Kind, Duration> idleTimeouts = new EnumMap<>(Kind.class);

    @Option(names = "--service-connections", paramLabel = "SERVICE=N",
            converter = {ServiceKindConverter.class, Converters.PositiveIntConverter.class},
            description = "Serve at most N connections of SERVICE at once (each forward on its own); one more is"
                    + " refused: HTTP answers 503 and closes, the others reset it; repeatable, e.g. echo=100."
                    + " Default: bounded by --max-connections only.")
    Map<Kind, Integer> connectionLimits = new EnumMap<>(Kind.class);

    @Option(names = "--service-keepalive", paramLabel = "SERVICE=IDLE,INTERVAL,COUNT|on|off",
            converter = {ServiceKindConverter.class, Converters.KeepaliveConverter.class},
            description = "Keep-alive of SERVICE's connections instead of --keepalive's, e.g. forward=60s,10s,5 or"
                    + " echo=off; repeatable.")
    Map<Kind, Keepalive> keepalives = new EnumMap<>(Kind.class);

    /** The services chosen; a port given to two of them is reported as a parameter error. */
    public List<ServiceSpec> services() {
        List<ServiceSpec> services = new ArrayList<>();
        if (!noHttp) {
            services.add(ServiceSpec.of(Kind.HTTP, http).withTimeouts(new ServiceTimeouts(httpIdle(), httpHeaderTimeout)));
        }
        addUnless(noEcho, Kind.ECHO, echo, services);
        addUnless(noDiscard, Kind.DISCARD, discard, services);
        addUnless(noChargen, Kind.CHARGEN, chargen, services);
        addUnless(noDaytime, Kind.DAYTIME, daytime, services);
        addUnless(noIperf, Kind.IPERF, iperf, services);
        services.addAll(forwards);
        services.replaceAll(this::withPerServiceOptions);
        Map<Integer, ServiceSpec> byPort = new HashMap<>();
        for (ServiceSpec service : services) {
            ServiceSpec other = byPort.putIfAbsent(service.port(), service);
            if (other != null) {
                throw new ParameterException(mixee.commandLine(), "port " + service.port() + " is given to both "
                        + other.name() + " and " + service.name());
            }
        }
        return services;
    }

    /** --http-idle-timeout, or the http= value of --service-idle-timeout (not both). */
    private Duration httpIdle() {
        Duration perService = idleTimeouts.get(Kind.HTTP);
        if (perService == null) {
            return httpIdleTimeout;
        }
        if (mixee.commandLine().getParseResult().hasMatchedOption("--http-idle-timeout")) {
            throw new ParameterException(mixee.commandLine(),
                    "--http-idle-timeout and --service-idle-timeout http=... both set HTTP's idle timeout");
        }
        return perService;
    }

    /** {@code spec} with what --service-idle-timeout, --service-connections and --service-keepalive say of its kind. */
    private ServiceSpec withPerServiceOptions(ServiceSpec spec) {
        Kind kind = spec.kind();
        Duration idle = idleTimeouts.get(kind);
        if (kind == Kind.DAYTIME && idle != null) {
            throw new ParameterException(mixee.commandLine(),
                    "daytime closes each connection once it has written the time: it has no idle timeout");
        }
        ServiceSpec configured = idle == null || kind == Kind.HTTP ? spec : spec.withTimeouts(spec.timeouts().withIdle(idle));
        return configured.withLimits(new ServiceLimits(connectionLimits.getOrDefault(kind, ServiceLimits.UNLIMITED),
                keepalives.get(kind)));
    }

    private static void addUnless(boolean off, Kind kind, int port, List<ServiceSpec> services) {
        if (!off) {
            services.add(ServiceSpec.of(kind, port));
        }
    }
}
