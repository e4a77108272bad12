package io.tcpstack.daemon.services;

import io.tcpstack.daemon.services.ServiceSpec.Kind;
import io.tcpstack.daemon.services.iperf.IperfHandler;
import java.util.ArrayList;
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
    int http = HttpHandler.PORT;

    @Option(names = "--no-http", description = "Do not run the HTTP service.")
    boolean noHttp;

    @Option(names = "--http-idle-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = io.tcpstack.daemon.Converters.DurationConverter.class,
            description = "Close an HTTP connection whose client sends nothing for this long, between requests or inside"
                    + " a body (408 inside a request); 0s waits forever (default: ${DEFAULT-VALUE}).")
    java.time.Duration httpIdleTimeout;

    @Option(names = "--http-header-timeout", paramLabel = "DURATION", defaultValue = "20s",
            converter = io.tcpstack.daemon.Converters.DurationConverter.class,
            description = "Answer 408 and close when a request head takes longer than this to arrive, however its bytes"
                    + " trickle in (slowloris); 0s for no bound (default: ${DEFAULT-VALUE}).")
    java.time.Duration httpHeaderTimeout;

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

    /** The services chosen; a port given to two of them is reported as a parameter error. */
    public List<ServiceSpec> services() {
        List<ServiceSpec> services = new ArrayList<>();
        if (!noHttp) {
            services.add(ServiceSpec.of(Kind.HTTP, http).withTimeouts(new ServiceTimeouts(httpIdleTimeout, httpHeaderTimeout)));
        }
        addUnless(noEcho, Kind.ECHO, echo, services);
        addUnless(noDiscard, Kind.DISCARD, discard, services);
        addUnless(noChargen, Kind.CHARGEN, chargen, services);
        addUnless(noDaytime, Kind.DAYTIME, daytime, services);
        addUnless(noIperf, Kind.IPERF, iperf, services);
        services.addAll(forwards);
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

    private static void addUnless(boolean off, Kind kind, int port, List<ServiceSpec> services) {
        if (!off) {
            services.add(ServiceSpec.of(kind, port));
        }
    }
}
