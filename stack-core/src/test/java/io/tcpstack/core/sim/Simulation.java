package io.tcpstack.core.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tcpstack.core.fault.FaultCounters;
import io.tcpstack.core.fault.FaultInjector;
import io.tcpstack.core.ip.IpCounters;
import io.tcpstack.core.ip.Ipv4Config;
import io.tcpstack.core.ip.Ipv4Handler;
import io.tcpstack.core.tcp.TcpConfig;
import io.tcpstack.core.tcp.TcpLayer;
import io.tcpstack.core.tcp.TcpService.TcpListenerHandle;
import io.tcpstack.core.tcp.TcpTransition;
import io.tcpstack.core.time.VirtualTimerScheduler;
import io.tcpstack.core.wire.Ipv4Header;
import io.tcpstack.core.wire.TcpHeader;
import io.tcpstack.link.LinkOffloads;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One run of a {@link Scenario}: two complete stacks (IPv4 and TCP, each on its own
 * EmbeddedChannel) joined by an in-memory link, a {@link FaultInjector} impairing both directions
 * in front of the client, one {@link VirtualTimerScheduler} driving everything. The link delivers
 * packets as soon as they are written (the injector adds any delay); when nothing is in flight
 * the clock jumps to the next timer. The run ends when no packet is in flight and no timer is
 * armed, or at {@link #TIME_LIMIT} of virtual time.
 */
final class Simulation {
    /** Virtual time after which a run counts as hung. */
    static final Duration TIME_LIMIT = Duration.ofMinutes(30);
    private static final int CLIENT = 0x0A000001;
    private static final int SERVER = 0x0A000002;
    private static final int PORT = 80;
    /** Transitions kept for a failure report. */
    private static final int TRACE = 40;
    /** {@code -Dsim.trace=true}: print every packet the link carries (for a replayed seed). */
    private static final boolean TRACE_PACKETS = Boolean.getBoolean("sim.trace");

    private final Scenario scenario;
    private final VirtualTimerScheduler timers = new VirtualTimerScheduler();
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    private final List<TcpTransition> transitions = new ArrayList<>();

    private Simulation(Scenario scenario) {
        this.scenario = scenario;
    }

    /** Runs the scenario; returns null when every check passed, else what failed (several lines). */
    static String run(Scenario scenario) {
        return new Simulation(scenario).run();
    }

    /** One host: the stack on an EmbeddedChannel, optionally behind the injector. */
    private final class Host {
        final Ipv4Handler ip;
        final TcpLayer tcp;
        final EmbeddedChannel channel = new EmbeddedChannel();

        Host(int address, int receiveBuffer, FaultInjector injector) {
            // every other seed the link offers checksum and segmentation offload (super-segments)
            boolean offloads = (scenario.seed() & 1) == 0;
            ip = new Ipv4Handler(new Ipv4Config(address, 24, 1500), offloads ? LinkOffloads.TSO : LinkOffloads.NONE);
            TcpConfig config = TcpConfig.DEFAULTS.withBuffers(TcpConfig.DEFAULTS.sendBufferSize(), receiveBuffer);
            tcp = new TcpLayer(ip, timers, config, Runnable::run);
            ip.register(tcp);
            tcp.addTransitionListener(transitions::add);
            channel.config().setAllocator(alloc);
            if (injector != null) {
                channel.pipeline().addLast(injector);
            }
            if (offloads) {
                channel.pipeline().addLast(new OffloadingLink());
            }
            channel.pipeline().addLast(ip);
        }

        /** Packets that failed a header check or checksum at IPv4 or TCP. */
        long corruptionDrops() {
            return ip.counters().get(IpCounters.Counter.IN_RECEIVES) - ip.counters().get(IpCounters.Counter.IN_DELIVERS)
                    - ip.counters().get(IpCounters.Counter.IN_DISCARDS) + tcp.counters().inErrs();
        }
    }

    private String run() {
        SplittableRandom data = new SplittableRandom(scenario.seed() ^ 0x5DEECE66DL);
        byte[] up = bytes(data, scenario.client().sendBytes());
        byte[] down = bytes(data, scenario.server().sendBytes());
        FaultInjector injector = new FaultInjector(scenario.faults(), timers);
        Host client = new Host(CLIENT, scenario.client().receiveBuffer(), injector);
        Host server = new Host(SERVER, scenario.server().receiveBuffer(), null);
        SimApp clientApp = new SimApp("client", scenario.client(), up, down, timers);
        SimApp serverApp = new SimApp("server", scenario.server(), down, up, timers);
        List<String> problems = new ArrayList<>();
        try {
            TcpListenerHandle[] listener = new TcpListenerHandle[1];
            listener[0] = server.tcp.listen(PORT, 1, e -> {
                serverApp.attach(e);
                listener[0].close();
            });
            clientApp.endpoint = client.tcp.connect(socketAddress(SERVER, PORT), clientApp);
            String ended = drive(client, server);
            if (ended != null) {
                problems.add(ended);
            }
            addIfPresent(problems, clientApp.verdict());
            addIfPresent(problems, serverApp.verdict());
            for (Host h : List.of(client, server)) {
                String who = h == client ? "client" : "server";
                if (!h.tcp.connections().isEmpty()) {
                    problems.add(who + ": connections left: " + h.tcp.connections());
                }
                if (h.ip.counters().get(IpCounters.Counter.IN_DISCARDS) > 0) {
                    problems.add(who + ": TCP threw on " + h.ip.counters().get(IpCounters.Counter.IN_DISCARDS) + " segments");
                }
            }
            if (!problems.isEmpty()) {
                problems.add("client TCP counters " + nonZero(client.tcp.counters().snapshot()));
                problems.add("server TCP counters " + nonZero(server.tcp.counters().snapshot()));
                problems.add("injector in " + nonZero(injector.inboundCounters().snapshot())
                        + " out " + nonZero(injector.outboundCounters().snapshot()));
            }
            if (timers.pendingTimers() != 0) {
                problems.add(timers.pendingTimers() + " timers left armed");
            }
            long corrupted = injector.inboundCounters().get(FaultCounters.Counter.CORRUPTED)
                    + injector.outboundCounters().get(FaultCounters.Counter.CORRUPTED);
            long caught = client.corruptionDrops() + server.corruptionDrops();
            if (corrupted != caught) {
                problems.add(corrupted + " packets corrupted but " + caught + " dropped by checksums");
            }
        } catch (RuntimeException | AssertionError e) {
            problems.add("threw " + e);
        } finally {
            client.channel.finishAndReleaseAll();
            server.channel.finishAndReleaseAll();
            clientApp.release();
            serverApp.release();
        }
        long leaked = alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory();
        if (leaked != 0) {
            problems.add(leaked + " bytes of buffers not released");
        }
        return problems.isEmpty() ? null : report(problems);
    }

    /** Moves packets and time until idle; returns why it stopped early, or null. */
    private String drive(Host client, Host server) {
        long limit = timers.clock().nanos() + TIME_LIMIT.toNanos();
        while (true) {
            boolean moved = deliver(client.channel, server.channel) | deliver(server.channel, client.channel);
            if (moved) {
                continue;
            }
            if (timers.nextDeadline().isEmpty()) {
                return null;
            }
            long next = timers.nextDeadline().getAsLong();
            if (next > limit) {
                return "still busy after " + TIME_LIMIT.toMinutes() + " min of virtual time";
            }
            timers.advance(next - timers.clock().nanos());
        }
    }

    /** Hands every packet {@code from} wrote to {@code to}; true if there was any. */
    private boolean deliver(EmbeddedChannel from, EmbeddedChannel to) {
        boolean any = false;
        for (ByteBuf packet; (packet = from.readOutbound()) != null; ) {
            if (TRACE_PACKETS) {
                System.out.println(describe(packet));
            }
            to.writeInbound(packet);
            any = true;
        }
        return any;
    }

    /** One line per packet: virtual time, addresses, flags, seq, ack, payload length, window. */
    private String describe(ByteBuf p) {
        int at = p.readerIndex();
        int tcp = at + Ipv4Header.headerLength(p, at);
        int length = Ipv4Header.totalLength(p, at) - (tcp - at) - TcpHeader.headerLength(p, tcp);
        return String.format("%9.3f ms %s > %s %s seq=%s ack=%s len=%d win=%d",
                timers.clock().nanos() / 1e6, Ipv4Header.addressToString(Ipv4Header.source(p, at)),
                Ipv4Header.addressToString(Ipv4Header.destination(p, at)), TcpHeader.flagsToString(TcpHeader.flags(p, tcp)),
                Integer.toUnsignedString(TcpHeader.seq(p, tcp)), Integer.toUnsignedString(TcpHeader.ack(p, tcp)),
                length, TcpHeader.window(p, tcp));
    }

    private String report(List<String> problems) {
        StringBuilder b = new StringBuilder("FAILED ").append(scenario).append('\n');
        for (String p : problems) {
            b.append("  ").append(p).append('\n');
        }
        b.append("  last transitions (virtual time ").append(timers.clock().nanos() / 1_000_000).append(" ms):\n");
        for (TcpTransition t : transitions.subList(Math.max(0, transitions.size() - TRACE), transitions.size())) {
            b.append("    ").append(t).append('\n');
        }
        b.append("  replay: ./mvnw -B -q -pl stack-core test -Dtest=SimulationTest -Dsim.seed=").append(scenario.seed());
        return b.toString();
    }

    private static java.util.Map<String, Long> nonZero(java.util.Map<String, Long> counters) {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>(counters);
        m.values().removeIf(v -> v == 0);
        return m;
    }

    private static void addIfPresent(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static InetSocketAddress socketAddress(int address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {
                    (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address}), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
