package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static io.tcpstack.it.tcp.TcpTesting.LOG_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.TestArtifacts;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * ICMP errors from the kernel reach TCP (RFC 1122 §4.2.3.9): the stack's connect to a port the
 * kernel rejects with ICMP port unreachable (an iptables REJECT, as a firewall answers) fails at
 * once instead of after every SYN retransmission.
 */
@NamespaceTest
class IcmpErrorIT {
    private static final int REJECTED = 9000;

    @Test
    void portUnreachableEndsTheStacksConnectAtOnce(NetNs ns, TestArtifacts artifacts) throws Exception {
        CommandResult reject = ns.exec("iptables", "-A", "INPUT", "-p", "tcp", "--dport", String.valueOf(REJECTED),
                "-j", "REJECT", "--reject-with", "icmp-port-unreachable");
        assertThat(reject.succeeded()).as(reject.describe()).isTrue();
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR)
                .args("--log-level", "debug", "--forward", "8080=10.0.0.1:" + REJECTED).start(ns, artifacts);

        ns.exec("curl", "-sS", "--max-time", "20", "http://" + STACK + ":8080/"); // the relay cannot connect

        String ended = daemon.awaitLine(Pattern.compile(" SYN_SENT -> CLOSED \\(ICMP destination unreachable \\(code 3\\)"),
                LOG_TIMEOUT);
        assertThat(ended).contains(":" + REJECTED);
        assertThat(daemon.stop()).isZero();
        assertThat(daemon.counters("tcp")).containsEntry("IcmpAborts", 1L).containsEntry("OutOfWindowIcmps", 0L);
        assertThat(daemon.counters("icmp")).containsEntry("InErrorsDelivered", 1L);
    }

    /**
     * With two queues the steering program sends each ICMP error to the queue of the connection it
     * quotes: every rejected connect, on whichever queue it was opened, fails from its own error.
     */
    @Test
    void eachQueueHearsTheIcmpErrorsOfItsOwnConnections(NetNs ns, TestArtifacts artifacts) throws Exception {
        int connects = 16; // opened on the queue of each curl's connection: all on one, a chance of 2 in 2^16
        CommandResult reject = ns.exec("iptables", "-A", "INPUT", "-p", "tcp", "--dport", String.valueOf(REJECTED),
                "-j", "REJECT", "--reject-with", "icmp-port-unreachable");
        assertThat(reject.succeeded()).as(reject.describe()).isTrue();
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR)
                .args("--queues", "2", "--forward", "8080=10.0.0.1:" + REJECTED).start(ns, artifacts);
        for (int i = 0; i < connects; i++) {
            ns.exec("curl", "-sS", "--max-time", "20", "http://" + STACK + ":8080/"); // each relay's connect is rejected
        }
        assertThat(daemon.stop()).isZero();
        for (String queue : new String[] {"queue 0 tcp", "queue 1 tcp"}) {
            Map<String, Long> tcp = daemon.counters(queue);
            assertThat(tcp.get("ActiveOpens")).as(queue + ": connects").isPositive();
            assertThat(tcp.get("IcmpAborts")).as(queue + ": each connect ended by its own ICMP error")
                    .isEqualTo(tcp.get("ActiveOpens"));
            assertThat(tcp).containsEntry("OutOfWindowIcmps", 0L);
        }
    }
}
