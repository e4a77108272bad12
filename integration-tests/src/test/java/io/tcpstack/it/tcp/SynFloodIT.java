package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.TestArtifacts;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A spoofed SYN flood (RFC 4987): 2,000 SYNs from 100 forged addresses of the subnet fill the HTTP
 * listener's SYN queue with half-open connections that never complete, and {@code curl} from the
 * kernel still gets its answers, through SYN cookies.
 */
@NamespaceTest
class SynFloodIT {
    private static final int SOURCES = 100;
    private static final int SYNS = 2_000;
    /** The HTTP service's backlog, which bounds its SYN queue (daemon's RunningService). */
    private static final int BACKLOG = 128;
    /** The daemon's queues (one per processor) split the backlog, each share rounded up. */
    private static final int QUEUES = Runtime.getRuntime().availableProcessors();
    private static final int SYN_QUEUE = (BACKLOG + QUEUES - 1) / QUEUES * QUEUES;
    private static final int CLIENTS = 3;

    @Test
    void legitimateClientsGetThroughASpoofedSynFlood(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).start(ns, artifacts);

        CommandResult flood = ns.exec("python3", TcpTesting.script("syn_flood.py").toString(), TUN, STACK, "80",
                Integer.toString(SOURCES), Integer.toString(SYNS));
        assertThat(flood.succeeded()).as(flood.describe()).isTrue();
        // the stack reads its TUN in order: each curl's SYN comes after the whole flood, whose
        // half-open connections hold the SYN queue for a minute of SYN|ACK retransmissions
        for (int i = 0; i < CLIENTS; i++) {
            CommandResult curl = ns.exec("curl", "-sS", "--fail", "--max-time", "20", "http://" + STACK + "/");
            assertThat(curl.succeeded()).as(curl.describe()).isTrue();
        }

        assertThat(daemon.stop()).isZero();
        Map<String, Long> tcp = daemon.counters("tcp");
        // a flood read in full batches is shed beyond each batch's share of SYN-ACKs (StatelessHandshake)
        assertThat(tcp.get("SyncookiesSent") + tcp.getOrDefault("Drop_COOKIE_SHED", 0L))
                .as("SYNs beyond the queue, the clients' included, answered with a cookie or shed")
                .isGreaterThanOrEqualTo(SYNS - SYN_QUEUE + CLIENTS);
        assertThat(tcp.get("SyncookiesSent")).as("at least the clients'").isGreaterThanOrEqualTo(CLIENTS);
        assertThat(tcp.get("SyncookiesRecv")).as("every client came in through a cookie").isEqualTo(CLIENTS);
        assertThat(tcp.get("SyncookiesFailed")).isZero();
    }
}
