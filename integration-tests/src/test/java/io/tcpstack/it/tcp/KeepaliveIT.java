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
import io.tcpstack.it.NsThread;
import io.tcpstack.it.TestArtifacts;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive (RFC 9293 §3.8.4) against the kernel: a peer that vanishes without a FIN or RST (its
 * namespace drops everything from the stack) is probed, reset and removed, while an idle peer
 * that answers the probes keeps its connection.
 */
@NamespaceTest
class KeepaliveIT {
    private static final int ECHO = 7;

    @Test
    void aSilentPeerIsReapedAndAnAnsweringOneKept(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR)
                .args("--log-level", "debug", "--keepalive", "2s,1s,3").start(ns, artifacts);
        String stack = STACK + ":" + ECHO;
        try (NsThread thread = ns.thread();
             Socket answering = KernelClient.connect(thread, STACK, ECHO);
             Socket vanishing = KernelClient.connect(thread, STACK, ECHO)) {
            assertEchoes(answering, "one");
            assertEchoes(vanishing, "two");
            String gone = KernelClient.local(vanishing);
            CommandResult drop = ns.exec("iptables", "-A", "INPUT", "-p", "tcp", "-s", STACK,
                    "--dport", String.valueOf(vanishing.getLocalPort()), "-j", "DROP");
            assertThat(drop.succeeded()).as(drop.describe()).isTrue();

            String reaped = daemon.awaitLine(TcpTesting.transition(stack, gone, "ESTABLISHED", "CLOSED"), LOG_TIMEOUT);

            assertThat(reaped).contains("keep-alive: 3 probes unanswered");
            // idle as long as the vanished one, and probed as often: the kernel answered every probe
            assertEchoes(answering, "still here");
        }
        assertThat(daemon.stop()).isZero();
        Map<String, Long> tcp = daemon.counters("tcp");
        assertThat(tcp.get("KeepaliveProbes")).as("3 unanswered probes, and the answered ones").isGreaterThan(3);
        assertThat(tcp.get("AbortOnTimeout")).as("only the vanished peer").isEqualTo(1);
    }

    private static void assertEchoes(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(bytes);
        assertThat(socket.getInputStream().readNBytes(bytes.length)).isEqualTo(bytes);
    }
}
