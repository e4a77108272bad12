package io.tcpstack.daemon;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tcpstack.core.fault.FaultInjector;
import io.tcpstack.core.fault.FaultSpec;
import io.tcpstack.core.time.EventLoopTimerScheduler;
import io.tcpstack.tun.InterfaceConfigurator;
import io.tcpstack.tun.TunChannel;
import io.tcpstack.tun.TunDevice;
import io.tcpstack.tun.TunException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tcpstack impair}: a TUN-to-TUN relay through the stack's {@link FaultInjector}, so two
 * kernel namespaces can talk across exactly the impairment tcpstack is tested with.
 *
 * <p>Set-up that works (a TUN interface keeps its file descriptor, and so its relay, when it is
 * moved to another network namespace; the relay itself stays in its own):
 * <pre>
 *   ip netns add nsA; ip netns add nsB
 *   tcpstack impair --between tima timb --fault loss=5%,delay=20ms,jitter=10ms &amp;   # creates both, up
 *   ip link set tima netns nsA; ip link set timb netns nsB    # after "relay up" is logged
 *   ip -n nsA addr add 10.9.0.1/24 dev tima; ip -n nsA link set tima up
 *   ip -n nsB addr add 10.9.0.2/24 dev timb; ip -n nsB link set timb up
 *   ip netns exec nsB python3 -m http.server -b 10.9.0.2 8080 &amp;
 *   ip netns exec nsA curl http://10.9.0.2:8080/
 * </pre>
 * Both addresses share one subnet, so each kernel sends the other's packets out of its TUN, and
 * a TUN needs no ARP. Stopping the relay (SIGINT/SIGTERM) removes interfaces it created, wherever
 * they are.
 */
@Command(name = "impair", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Relays packets between two TUN interfaces through the fault injector, until SIGINT or SIGTERM.",
            "Missing interfaces are created (MTU set, link up, no address) and removed on exit. Move each into"
                + " its own network namespace (ip link set NAME netns NS) and give both addresses of one subnet"
                + " there: the relay keeps working after the move."})
final class ImpairCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ImpairCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--between", required = true, arity = "2", paramLabel = "TUN",
            converter = Converters.InterfaceNameConverter.class,
            description = "The two TUN interfaces, A then B.")
    List<String> between;

    @Option(names = "--fault", required = true, paramLabel = "SPEC", converter = Converters.FaultSpecConverter.class,
            description = {"The impairment, e.g. loss=5%%,dup=2%%,reorder=1%%,delay=20ms,jitter=10ms,corrupt=1%%,dir=both,seed=42."
                    + " dir=in impairs packets from A to B, dir=out from B to A, dir=both both."})
    FaultSpec fault;

    @Option(names = "--mtu", paramLabel = "N", defaultValue = "1500", converter = Converters.MtuConverter.class,
            description = "MTU of interfaces the relay creates, and the largest packet it reads (default: ${DEFAULT-VALUE}).")
    int mtu;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); debug also shows stack traces.")
    LogLevel logLevel;

    @Override
    public Integer call() throws Exception {
        logLevel.apply();
        if (between.get(0).equals(between.get(1))) {
            throw new ParameterException(spec.commandLine(), "--between needs two different interfaces");
        }
        TunDevice a = open(between.get(0));
        TunDevice b;
        try {
            b = open(between.get(1));
        } catch (TunException e) {
            a.close();
            throw e;
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tcpstack-impair"),
                EpollIoHandler.newFactory());
        EventLoop loop = group.next();
        TunChannel channelA = new TunChannel(a, mtu);
        TunChannel channelB = new TunChannel(b, mtu);
        FaultInjector injector = new FaultInjector(fault, new EventLoopTimerScheduler(loop));
        PacketForwarder aToB = new PacketForwarder(channelB);
        PacketForwarder bToA = new PacketForwarder(channelA);
        // A's pipeline: packets read from A are its inbound, packets written to A its outbound.
        channelA.pipeline().addLast("fault", injector).addLast("forward", aToB).addLast("exceptions", new ExceptionLogger());
        channelB.pipeline().addLast("forward", bToA).addLast("exceptions", new ExceptionLogger());
        loop.register(channelA).syncUninterruptibly();
        loop.register(channelB).syncUninterruptibly();
        LOG.info("relay up: {} <-> {}, faults {}", a, b, fault);

        CountDownLatch stop = new CountDownLatch(1);
        String[] reason = {"TUN device failed"};
        Signals.onTermination(signal -> {
            reason[0] = signal;
            stop.countDown();
        });
        channelA.closeFuture().addListener(f -> stop.countDown());
        channelB.closeFuture().addListener(f -> stop.countDown());
        stop.await();
        boolean requested = !reason[0].equals("TUN device failed");
        channelA.close().awaitUninterruptibly();
        channelB.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        LOG.info("relay stopped ({}): {} -> {}: {} forwarded, {} dropped (full), faults {}; {} -> {}: {} forwarded,"
                        + " {} dropped (full), faults {}", reason[0], a.name(), b.name(), aToB.forwarded(), aToB.dropped(),
                injector.inboundCounters(), b.name(), a.name(), bToA.forwarded(), bToA.dropped(), injector.outboundCounters());
        return requested ? 0 : Main.EXIT_RUNTIME_ERROR;
    }

    /** Opens (or creates, with MTU and link up) one side. */
    private TunDevice open(String name) throws TunException {
        TunDevice device = TunDevice.open(name);
        if (device.created()) {
            try (InterfaceConfigurator config = new InterfaceConfigurator()) {
                config.setMtu(name, mtu);
                config.up(name);
            } catch (TunException e) {
                device.close();
                throw e;
            }
        }
        return device;
    }
}
