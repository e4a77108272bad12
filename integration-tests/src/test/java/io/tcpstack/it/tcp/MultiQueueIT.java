package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.NsThread;
import io.tcpstack.it.PcapReader;
import io.tcpstack.it.TestArtifacts;
import io.tcpstack.it.StackAddresses;
import io.tcpstack.it.CommandResult;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code tcpstack run}, a queue per processor by default, and {@code --queues 2}: a multi-queue TUN with one stack per queue. The stack's
 * steering program makes the kernel send each flow to queue {@link FlowHash#queue}, so every
 * connection lives on one stack and no segment reaches a stack that does not know its connection.
 */
@NamespaceTest
class MultiQueueIT {

    /** The echo service, run on every queue's event loop. */
    private static final int ECHO = 7;
    /** Enough connections that both queues get some, but for a chance of 2 in 2^16. */
    private static final int CONNECTIONS = 16;
    /** Bytes echoed per connection: several windows' worth. */
    private static final int BYTES = 256 * 1024;

    @Test
    void byDefaultTheDaemonRunsAQueuePerProcessorWithEveryService(NetNs ns, TestArtifacts artifacts) throws Exception {
        int processors = Runtime.getRuntime().availableProcessors();
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).start(ns, artifacts);
        String up = daemon.awaitLine(DaemonProcess.STARTUP_LINE, DaemonProcess.STARTUP_TIMEOUT);
        if (processors > 1) {
            assertThat(up).contains("with " + processors + " queues, one stack each");
        }
        List<Integer> ports = KernelClient.portsSteeredTo(processors - 1, processors, 80, 1);
        try (NsThread thread = ns.thread()) { // HTTP and the status page served on the last queue
            try (Socket socket = KernelClient.connectFrom(thread, ports.get(0), STACK, 80)) {
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: stack\r\nConnection: close\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThat(new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 200").contains("echo on port 7");
            }
        }
        assertThat(daemon.stop()).isZero();
        String lastQueue = processors > 1 ? "queue " + (processors - 1) + " tcp" : "tcp";
        assertThat(daemon.counters(lastQueue)).containsEntry("PassiveOpens", 1L)
                .containsEntry("UnknownConnection", 0L);
    }

    @Test
    void theKernelSteersEachFlowToTheQueueTheStacksFlowHashNames(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR)
                .args("--queues", "2", "--no-http", "--no-iperf", "--no-daytime").start(ns, artifacts);
        // source ports whose flows the hash gives queue 1: by the kernel's own hash, 16 of them
        // would all land on one queue with a chance of 2 in 2^16
        List<Integer> ports = KernelClient.portsSteeredTo(1, 2, ECHO, CONNECTIONS);
        try (NsThread thread = ns.thread()) {
            for (int port : ports) {
                try (Socket socket = KernelClient.connectFrom(thread, port, STACK, ECHO)) {
                    socket.getOutputStream().write(new byte[] {42});
                    socket.shutdownOutput();
                    assertThat(socket.getInputStream().readAllBytes()).containsExactly(42);
                }
            }
        }
        assertThat(daemon.stop()).isZero();
        assertThat(daemon.counters("queue 0 tcp").get("PassiveOpens")).as("connections on queue 0").isZero();
        assertThat(daemon.counters("queue 1 tcp").get("PassiveOpens")).as("connections on queue 1").isEqualTo(CONNECTIONS);
        assertThat(daemon.counters("queue 1 tcp")).containsEntry("UnknownConnection", 0L);
        assertThat(daemon.counters("tcp")).as("the sums over both queues").containsEntry("PassiveOpens", (long) CONNECTIONS);
    }

    @Test
    void httpDaytimeAndForwardServeOnBothQueuesAndActiveOpensComeBackToTheirOwn(NetNs ns, TestArtifacts artifacts)
            throws Exception {
        int forwarded = 8080;
        int upstreamPort = 9000;
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR)
                .args("--queues", "2", "--forward", forwarded + "=" + StackAddresses.KERNEL + ":" + upstreamPort)
                .pcap().start(ns, artifacts);
        try (NsThread thread = ns.thread();
             ServerSocket upstream = thread.call(KernelClient.SOCKET_TIMEOUT,
                     () -> new ServerSocket(upstreamPort, CONNECTIONS, InetAddress.getByName(StackAddresses.KERNEL)))) {
            upstream.setSoTimeout((int) KernelClient.SOCKET_TIMEOUT.toMillis());
            for (int i = 0; i < CONNECTIONS; i++) {
                try (Socket client = KernelClient.connect(thread, STACK, forwarded); Socket server = upstream.accept()) {
                    client.getOutputStream().write(i);
                    assertThat(server.getInputStream().read()).as("relayed through connection %d", i).isEqualTo(i);
                    server.getOutputStream().write(i);
                    assertThat(client.getInputStream().read()).as("relayed back through connection %d", i).isEqualTo(i);
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            CommandResult curl = ns.exec("curl", "-sS", "--fail", "--max-time", "10", "http://" + STACK + "/bytes/1000");
            assertThat(curl.succeeded()).as(curl.describe()).isTrue();
            assertThat(curl.stdout()).hasSize(1000);
            CommandResult daytime = ns.exec("nc", "-w", "10", STACK, "13");
            assertThat(daytime.succeeded()).as(daytime.describe()).isTrue();
            assertThat(daytime.stdout()).isNotBlank();
        }
        assertThat(daemon.stop()).isZero();

        Map<String, Long> queue0 = daemon.counters("queue 0 tcp");
        Map<String, Long> queue1 = daemon.counters("queue 1 tcp");
        assertThat(queue0.get("ActiveOpens") + queue1.get("ActiveOpens")).as("one upstream connection per client")
                .isEqualTo(CONNECTIONS);
        assertThat(queue0.get("ActiveOpens")).as("active opens on queue 0").isPositive();
        assertThat(queue1.get("ActiveOpens")).as("active opens on queue 1").isPositive();
        assertThat(queue0).containsEntry("UnknownConnection", 0L).containsEntry("AttemptFails", 0L);
        assertThat(queue1).containsEntry("UnknownConnection", 0L).containsEntry("AttemptFails", 0L);
        PcapReader capture = PcapReader.read(daemon.pcap().orElseThrow());
        assertThat(capture.count("tcp.dstport == " + forwarded + " && tcp.flags == 0x002"))
                .as("the clients' SYNs, read on both queues, in the one capture").isEqualTo(CONNECTIONS);
        assertThat(capture.count("tcp.dstport == " + upstreamPort + " && tcp.flags == 0x002"))
                .as("the stack's SYNs, written on both queues").isEqualTo(CONNECTIONS);
    }

    @Test
    void eachQueuesFaultInjectorDrawsFromItsOwnSeed(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR)
                .args("--queues", "2", "--fault", "loss=2%,seed=40", "--no-http", "--no-iperf", "--no-daytime")
                .start(ns, artifacts);
        byte[] data = new byte[BYTES];
        new Random(9).nextBytes(data);
        try (NsThread thread = ns.thread()) {
            for (int i = 0; i < CONNECTIONS; i++) {
                try (Socket socket = KernelClient.connect(thread, STACK, ECHO)) {
                    socket.getOutputStream().write(data);
                    socket.shutdownOutput();
                    assertThat(socket.getInputStream().readAllBytes()).as("echo %d through 2%% loss", i).isEqualTo(data);
                }
            }
        }
        assertThat(daemon.stop()).isZero();
        assertThat(daemon.lines()).as("one injector per queue")
                .anyMatch(line -> line.contains("fault injector (") && line.contains("seed=40)"))
                .anyMatch(line -> line.contains("fault injector (") && line.contains("seed=41)"));
        long retransmitted = daemon.counters("queue 0 tcp").get("RetransSegs") + daemon.counters("queue 1 tcp").get("RetransSegs");
        assertThat(retransmitted).as("losses were injected and repaired").isPositive();
    }

    @Test
    void everyConnectionStaysOnTheQueueThatAcceptedIt(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR)
                .args("--queues", "2", "--no-http", "--no-iperf", "--no-daytime").start(ns, artifacts);
        byte[] data = new byte[BYTES];
        new Random(7).nextBytes(data);
        List<byte[]> echoed = new ArrayList<>();
        try (NsThread thread = ns.thread()) {
            for (int i = 0; i < CONNECTIONS; i++) {
                try (Socket socket = KernelClient.connect(thread, STACK, ECHO)) {
                    socket.getOutputStream().write(data);
                    socket.shutdownOutput();
                    echoed.add(socket.getInputStream().readAllBytes());
                }
            }
        }
        String qdiscs = ns.exec("tc", "qdisc", "show", "dev", TUN).stdout();
        assertThat(daemon.stop()).isZero();

        assertThat(echoed).hasSize(CONNECTIONS).allSatisfy(bytes -> assertThat(bytes).isEqualTo(data));
        assertThat(qdiscs).as("one kernel queue per TUN queue").contains("qdisc mq", "parent :1", "parent :2");
        long opens0 = daemon.counters("queue 0 tcp").get("PassiveOpens");
        long opens1 = daemon.counters("queue 1 tcp").get("PassiveOpens");
        assertThat(opens0 + opens1).isEqualTo(CONNECTIONS);
        assertThat(opens0).as("connections on queue 0").isPositive();
        assertThat(opens1).as("connections on queue 1").isPositive();
        assertThat(daemon.counters("queue 0 tcp")).containsEntry("UnknownConnection", 0L).containsEntry("OutRsts", 0L);
        assertThat(daemon.counters("queue 1 tcp")).containsEntry("UnknownConnection", 0L).containsEntry("OutRsts", 0L);
    }
}
