package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.PcapReader;
import io.tcpstack.it.TestArtifacts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A SYN to a port nothing listens on gets {@code <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK>} (RFC 9293
 * §3.10.7.1), so the kernel's connect fails at once with "Connection refused" instead of
 * retrying until it times out.
 */
@NamespaceTest
class RefusedIT {

    /** A port with no service. */
    private static final int CLOSED_PORT = 81;
    /** curl's exit code for "Failed to connect"; a timeout would be 28. */
    private static final int CURL_COULDNT_CONNECT = 7;

    @Test
    void connectionsToAClosedPortAreRefused(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).pcap().start(ns, artifacts);

        CommandResult curl = ns.exec("curl", "-v", "--connect-timeout", "15", "http://" + STACK + ":" + CLOSED_PORT + "/");
        CommandResult nc = ns.exec("nc", "-v", "-w", "15", STACK, Integer.toString(CLOSED_PORT));

        assertThat(curl.exitCode()).as(curl.describe()).isEqualTo(CURL_COULDNT_CONNECT);
        assertThat(curl.stderr()).as(curl.describe()).contains("Connection refused");
        assertThat(nc.exitCode()).as(nc.describe()).isEqualTo(1);
        assertThat(nc.stderr()).as(nc.describe()).contains("Connection refused");
        assertThat(daemon.stop()).isZero();
        PcapReader capture = PcapReader.read(daemon.pcap().orElseThrow());
        List<Long> synSeqs = capture.values("tcp.dstport == " + CLOSED_PORT + " && tcp.flags == 0x002", "tcp.seq_raw")
                .stream().map(Long::parseLong).toList();
        String resets = "tcp.srcport == " + CLOSED_PORT + " && tcp.flags == 0x014 && tcp.seq_raw == 0 && tcp.len == 0";
        List<Long> resetAcks = capture.values(resets, "tcp.ack_raw").stream().map(Long::parseLong).toList();
        assertThat(synSeqs).as("SYNs to the closed port: one per client, none retried").hasSize(2);
        assertThat(resetAcks).as("RST|ACK with SEQ 0 and ACK SEG.SEQ+1 answering each SYN")
                .containsExactlyElementsOf(synSeqs.stream().map(seq -> (seq + 1) & 0xFFFF_FFFFL).toList());
        assertThat(capture.count("tcp.srcport == " + CLOSED_PORT)).as("segments from the closed port").isEqualTo(2);
        Map<String, Long> tcp = daemon.counters("tcp");
        assertThat(tcp).containsEntry("Drop_NO_CONNECTION", 2L).containsEntry("OutRsts", 2L)
                .containsEntry("PassiveOpens", 0L);
    }
}
