package io.tcpstack.it.impaired;

import io.tcpstack.it.BackgroundProcess;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.StackAddresses;
import io.tcpstack.it.TestArtifacts;
import io.tcpstack.it.tcp.TcpTesting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One client in front of a router, and behind the router both tcpstack and a kernel TCP server,
 * so the same client reaches both across the same impairment in the same run:
 * <pre>
 *   client 10.20.1.2 ── cl0|rt-cl 10.20.1.1 ─┐ router ┌─ rt-st 10.20.2.1|st0 10.20.2.2 ── stack namespace:
 *                                            │        │      forwards to the TUN tcps0, the daemon is 10.0.0.2
 *                                            │        └─ rt-sv 10.20.3.1|sv0 10.20.3.2 ── server namespace:
 *                                            │               kernel_http.py on port 8000
 * </pre>
 * Neither the stack nor the kernel server shares a subnet with the client: both are reached
 * through the router (and the stack through one more forwarding hop, its own namespace's kernel).
 *
 * <p>Two ways to impair both paths:
 * <ul>
 *   <li>{@link #dropForwarded}: one iptables rule in the router's FORWARD chain drops each
 *       forwarded packet, either direction, with a probability ({@code -m statistic --mode random}).
 *       A drop in FORWARD is silent; on OUTPUT it would make the local sender's {@code send} fail.</li>
 *   <li>{@link #relayKernelPath}: tcpstack runs with {@code --fault SPEC} itself; the kernel path is
 *       led through {@code tcpstack impair} with the same SPEC, i.e. the same fault handler. The
 *       relay runs in the router with both its TUNs there ({@code impa}, {@code impb}); policy
 *       routing sends what arrives from the client for the server subnet into {@code impa}, and
 *       what arrives from the server for the client subnet into {@code impb}. The relay writes
 *       packets read from one TUN into the other, where the router receives them again and routes
 *       them by its main table to their real destination:
 * <pre>
 *   client → rt-cl →(rule iif rt-cl: table 100)→ impa ⇒ relay (dir "in") ⇒ impb → main table → rt-sv → server
 *   server → rt-sv →(rule iif rt-sv: table 101)→ impb ⇒ relay (dir "out") ⇒ impa → main table → rt-cl → client
 * </pre>
 *       Reverse-path filtering is off in the router, since a packet then arrives on a TUN that is
 *       not its source's route. The stack's own path does not cross the relay.</li>
 * </ul>
 * Every veth end sends at most one segment per packet ({@code gso_max_segs 1}), so a drop loses
 * one segment, as on a lossy link, rather than a whole 64 KiB offload burst.
 *
 * <p>The stack's namespace is the test's own (its daemon is started there by the test); the
 * client, router and server namespaces belong to this object and are deleted by {@link #close()}.
 */
final class RoutedTopology implements AutoCloseable {

    /** The client's address. */
    static final String CLIENT = "10.20.1.2";
    /** The kernel server's address. */
    static final String SERVER = "10.20.3.2";
    /** The kernel server's port. */
    static final int SERVER_PORT = 8000;
    /** Base URL of the stack's HTTP service, as the client reaches it. */
    static final String STACK_URL = "http://" + StackAddresses.STACK;
    /** Base URL of the kernel server, as the client reaches it. */
    static final String KERNEL_URL = "http://" + SERVER + ":" + SERVER_PORT;

    private static final String CLIENT_NET = "10.20.1.0/24";
    private static final String STACK_NET = "10.0.0.0/24";
    private static final String SERVER_NET = "10.20.3.0/24";
    /** The relay's TUN the client side's packets go into (its side A). */
    private static final String RELAY_CLIENT_SIDE = "impa";
    /** The relay's TUN the server side's packets go into (its side B). */
    private static final String RELAY_SERVER_SIDE = "impb";
    private static final Pattern RELAY_UP = Pattern.compile("relay up: ");
    private static final Pattern LISTENING = Pattern.compile("^listening$");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** Where the daemon runs; owned by the test, not closed here. */
    private final NetNs stack;
    /** Namespace of the clients (curl). */
    private final NetNs client;
    /** Namespace that forwards between the client and the two servers, where impairments live. */
    private final NetNs router;
    /** Namespace of the kernel's reference server. */
    private final NetNs server;

    private RoutedTopology(NetNs stack, NetNs client, NetNs router, NetNs server) {
        this.stack = stack;
        this.client = client;
        this.router = router;
        this.server = server;
    }

    /**
     * Builds the namespaces, links, addresses and routes around {@code stack}, the namespace the
     * daemon runs in (its TUN is created by the daemon later; the route to it is the daemon's
     * connected route for {@code 10.0.0.0/24}).
     */
    static RoutedTopology create(NetNs stack) {
        List<NetNs> created = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                created.add(NetNs.create());
            }
            RoutedTopology topology = new RoutedTopology(stack, created.get(0), created.get(1), created.get(2));
            topology.wire();
            return topology;
        } catch (RuntimeException | AssertionError e) {
            closeAll(created);
            throw e;
        }
    }

    private void wire() {
        link(client, "cl0", "10.20.1.2/24", "rt-cl", "10.20.1.1/24");
        link(stack, "st0", "10.20.2.2/24", "rt-st", "10.20.2.1/24");
        link(server, "sv0", SERVER + "/24", "rt-sv", "10.20.3.1/24");
        client.ip("route", "add", "default", "via", "10.20.1.1");
        stack.ip("route", "add", "default", "via", "10.20.2.1");
        server.ip("route", "add", "default", "via", "10.20.3.1");
        router.ip("route", "add", STACK_NET, "via", "10.20.2.2");
        sysctl(router, "net.ipv4.ip_forward", "1");
        sysctl(stack, "net.ipv4.ip_forward", "1");
    }

    /** A veth pair between {@code ns} and the router, addressed on both ends, one segment per packet. */
    private void link(NetNs ns, String ifname, String cidr, String routerIfname, String routerCidr) {
        ns.addVeth(ifname, router, routerIfname);
        ns.addAddress(ifname, cidr);
        router.addAddress(routerIfname, routerCidr);
        ns.ip("link", "set", "dev", ifname, "gso_max_segs", "1");
        router.ip("link", "set", "dev", routerIfname, "gso_max_segs", "1");
    }

    private static void sysctl(NetNs ns, String key, String value) {
        ns.exec("sysctl", "-qw", key + "=" + value).requireSuccess();
    }

    NetNs client() {
        return client;
    }

    NetNs router() {
        return router;
    }

    NetNs server() {
        return server;
    }

    /** Starts {@code kernel_http.py} in the server namespace and waits until it listens. */
    void startKernelServer(TestArtifacts artifacts) throws InterruptedException {
        BackgroundProcess http = server.spawn(artifacts.file("kernel_http.log"), "python3",
                TcpTesting.script("kernel_http.py").toString(), SERVER, Integer.toString(SERVER_PORT));
        http.awaitLine(LISTENING, START_TIMEOUT);
    }

    /** Drops each forwarded packet, in both directions, with {@code probability}. */
    void dropForwarded(double probability) {
        router.exec("iptables", "-A", "FORWARD", "-m", "statistic", "--mode", "random", "--probability",
                String.format(Locale.ROOT, "%.4f", probability), "-j", "DROP").requireSuccess();
    }

    /**
     * Starts {@code tcpstack impair --fault SPEC} in the router and routes the kernel path (client
     * to server and back) through it; see the class comment.
     *
     * @return the relay, which logs its fault counters when it stops
     */
    BackgroundProcess relayKernelPath(String spec, TestArtifacts artifacts) throws InterruptedException {
        List<String> command = new ArrayList<>(DaemonProcess.javaJar());
        command.addAll(List.of("impair", "--between", RELAY_CLIENT_SIDE, RELAY_SERVER_SIDE, "--fault", spec));
        BackgroundProcess relay = router.spawn(artifacts.file("impair.log"), command.toArray(String[]::new));
        relay.awaitLine(RELAY_UP, START_TIMEOUT);
        for (String scope : List.of("all", "default", "rt-cl", "rt-sv", RELAY_CLIENT_SIDE, RELAY_SERVER_SIDE)) {
            sysctl(router, "net.ipv4.conf." + scope + ".rp_filter", "0");
        }
        router.ip("route", "add", SERVER_NET, "dev", RELAY_CLIENT_SIDE, "table", "100");
        router.ip("rule", "add", "iif", "rt-cl", "lookup", "100");
        router.ip("route", "add", CLIENT_NET, "dev", RELAY_SERVER_SIDE, "table", "101");
        router.ip("rule", "add", "iif", "rt-sv", "lookup", "101");
        return relay;
    }

    /** Deletes the client, router and server namespaces (with everything started in them). */
    @Override
    public void close() {
        closeAll(List.of(client, router, server));
    }

    /** Closes each of {@code namespaces}, last first, all of them even when one fails. */
    private static void closeAll(List<NetNs> namespaces) {
        RuntimeException failure = null;
        for (NetNs ns : namespaces.reversed()) {
            try {
                ns.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
