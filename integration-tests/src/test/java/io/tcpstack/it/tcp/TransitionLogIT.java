package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static io.tcpstack.it.tcp.TcpTesting.LOG_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.NsThread;
import io.tcpstack.it.PcapReader;
import io.tcpstack.it.TestArtifacts;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * At debug level the daemon logs each transition as the README documents it, e.g.
 * {@code 10.0.0.2:80 > 10.0.0.1:41522 SYN_RECEIVED -> ESTABLISHED (ACK 5001 acknowledged our SYN)},
 * and the numbers it names are the ones on the wire.
 */
@NamespaceTest
class TransitionLogIT {

    private static final int ECHO = 7;

    @Test
    void handshakeTransitionsAreLoggedWithTheSegmentsThatCausedThem(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).args("--log-level", "debug").pcap()
                .start(ns, artifacts);
        String stack = STACK + ":" + ECHO;
        String kernel;
        try (NsThread thread = ns.thread(); Socket socket = KernelClient.connect(thread, STACK, ECHO)) {
            kernel = KernelClient.local(socket);
        }
        String prefix = "^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} DEBUG TcpLayer - " + Pattern.quote(stack + " > " + kernel);

        Matcher synReceived = Pattern.compile(prefix + " LISTEN -> SYN_RECEIVED \\(SYN (\\d+) from peer, SYN\\|ACK sent\\)$")
                .matcher(daemon.awaitLine(TcpTesting.transition(stack, kernel, "LISTEN", "SYN_RECEIVED"), LOG_TIMEOUT));
        Matcher established = Pattern.compile(prefix + " SYN_RECEIVED -> ESTABLISHED \\(ACK (\\d+) acknowledged our SYN\\)$")
                .matcher(daemon.awaitLine(TcpTesting.transition(stack, kernel, "SYN_RECEIVED", "ESTABLISHED"), LOG_TIMEOUT));
        assertThat(synReceived.matches()).as("line form: %s", synReceived).isTrue();
        assertThat(established.matches()).as("line form: %s", established).isTrue();
        assertThat(daemon.stop()).isZero();

        PcapReader capture = PcapReader.read(daemon.pcap().orElseThrow());
        String kernelPort = kernel.substring(kernel.indexOf(':') + 1);
        assertThat(capture.values("tcp.srcport == " + kernelPort + " && tcp.flags == 0x002", "tcp.seq_raw"))
                .as("the kernel's SYN").containsExactly(synReceived.group(1));
        long ourIss = Long.parseLong(established.group(1)) - 1;
        assertThat(capture.values("tcp.dstport == " + kernelPort + " && tcp.flags == 0x012", "tcp.seq_raw"))
                .as("our SYN|ACK: its sequence number is the one the logged ACK acknowledges")
                .containsExactly(Long.toString(ourIss & 0xFFFF_FFFFL));
    }
}
