package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.NsThread;
import io.tcpstack.it.TestArtifacts;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code tcpstack run --queues 2}: a multi-queue TUN with one stack per queue. The kernel steers
 * each flow to one queue by its hash and keeps it on the queue the stack answers from, so every
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
