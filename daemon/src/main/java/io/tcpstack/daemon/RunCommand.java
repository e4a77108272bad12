package io.tcpstack.daemon;

import io.tcpstack.core.fault.FaultSpec;
import io.tcpstack.daemon.control.ControlPaths;
import io.tcpstack.daemon.services.HostPortConverter;
import io.tcpstack.daemon.services.ServiceOptions;
import io.tcpstack.daemon.services.ServiceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;

/** {@code tcpstack run}: brings the stack up on a TUN interface and serves until SIGINT/SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Runs the stack on a TUN interface until SIGINT or SIGTERM.",
            "A missing interface is created and configured (MTU, peer address, up) and removed on exit;"
                + " an existing one (e.g. from 'ip tuntap add dev NAME mode tun') is attached to and its"
                + " kernel-side configuration is left as it is.",
            "Options can come from a file: 'tcpstack run @FILE' reads arguments from FILE (separated by"
                + " white space or new lines, quoted with ' or \" when they contain spaces, '#' starts a comment"
                + " line) as if they were given at that place on the command line; an option given both in the"
                + " file and on the command line is an error, as twice on the command line is. The systemd unit"
                + " tcpstack@NAME.service runs 'tcpstack run --tun=NAME @/etc/tcpstack/NAME.conf'."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--tun", required = true, paramLabel = "NAME", converter = Converters.InterfaceNameConverter.class,
            description = "TUN interface to create or attach to (at most 15 bytes, no '/', ':' or spaces).")
    String tun;

    @Option(names = "--address", required = true, paramLabel = "IP/PREFIX", converter = Converters.CidrConverter.class,
            description = "The stack's own IPv4 address and the subnet it shares with the kernel, e.g. 10.0.0.2/24.")
    Ipv4Cidr address;

    @Option(names = "--peer-address", paramLabel = "IP", converter = Converters.AddressConverter.class,
            description = "Kernel-side address of the interface, in the same subnet."
                    + " Default: the subnet's first host address (the next one if that is the stack's).")
    Integer peerAddress;

    @Option(names = "--mtu", paramLabel = "N", defaultValue = "1500", converter = Converters.MtuConverter.class,
            description = "Interface MTU, 68..65535 (default: ${DEFAULT-VALUE}). An attached interface keeps its own.")
    int mtu;

    @Option(names = "--pcap", paramLabel = "FILE",
            description = "Record every packet read from and written to the TUN into this pcap file.")
    Path pcap;

    @Option(names = "--fault", paramLabel = "SPEC", converter = Converters.FaultSpecConverter.class,
            description = {"Impair packets between the TUN and the stack, e.g. loss=5%%,dup=2%%,reorder=1%%,delay=20ms,"
                    + "jitter=10ms,corrupt=1%%,dir=both,seed=42 (dir=in: from the kernel, out: to it; keys left out"
                    + " mean no such fault; the seed is chosen and logged when left out). --pcap records what crosses the TUN."})
    FaultSpec fault;

    @Option(names = "--offload", paramLabel = "MODE", defaultValue = "tso", converter = Converters.OffloadConverter.class,
            description = "TUN offloads: tso (checksum and TCP segmentation offload with 64 KB super-segments both ways,"
                    + " if the kernel agrees) or none (one packet per read and write) (default: ${DEFAULT-VALUE})."
                    + " --fault turns them off: it impairs single packets.")
    OffloadMode offload;

    @Mixin
    TcpOptions tcpOptions;

    @Option(names = "--queues", paramLabel = "N", converter = Converters.QueuesConverter.class,
            description = "TUN queues, each with its own event loop and stack instance on the same address (default:"
                    + " the number of available processors). The stack's eBPF program steers each flow to the queue"
                    + " that owns it; without it (no permission for bpf()) the daemon runs one queue and says so."
                    + " Every service runs on every queue; limits hold for the whole stack, not per queue;"
                    + " --pcap records all queues in one file, --fault impairs each queue with its own seed"
                    + " (the given one plus the queue's number).")
    Integer queues;

    @Mixin
    ServiceOptions services;

    @Option(names = "--control", paramLabel = "PATH",
            description = "The control socket that 'tcpstack ss' and 'tcpstack stats' talk to (owner only, 0600)"
                    + " (default: /run/tcpstack/NAME.sock for --tun NAME). The daemon runs on without it when it"
                    + " cannot be made.")
    Path control;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "Serve Prometheus metrics on http://HOST:PORT/metrics, on the kernel side's network"
                    + " (e.g. 127.0.0.1:9464). Default: off.")
    InetSocketAddress metrics;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); debug also shows stack traces.")
    LogLevel logLevel;

    @Override
    public Integer call() throws Exception {
        logLevel.apply();
        List<ServiceSpec> serviceSpecs = services.services();
        StackSettings settings = new StackSettings(tun, address, peer(), mtu,
                spec.commandLine().getParseResult().hasMatchedOption("--mtu"), pcap, fault,
                tcpOptions.config(), offload == OffloadMode.TSO,
                queues != null ? queues : Converters.QueuesConverter.byDefault());
        // Signals are handled from the start; one that arrives during start-up stops the stack once it is up.
        CompletableFuture<RunningStack> started = new CompletableFuture<>();
        Signals.onTermination(reason -> started.thenAccept(running -> running.stop(reason)));
        RunningStack stack = StackAssembly.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stack.stop("shutdown"), "tcpstack-shutdown"));
        try {
            stack.serve(serviceSpecs, control != null ? control : ControlPaths.forInterface(tun), metrics);
        } catch (IOException e) {
            stack.stop("services failed to start");
            throw e;
        }
        started.complete(stack);
        return stack.awaitStop() ? 0 : Main.EXIT_RUNTIME_ERROR;
    }

    private int peer() {
        if (peerAddress == null) {
            return address.defaultPeer();
        }
        String problem = address.peerProblem(peerAddress);
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--peer-address': " + problem);
        }
        return peerAddress;
    }
}
