package io.tcpstack.it.ipv4;

import static io.tcpstack.it.StackAddresses.KERNEL;
import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.PcapReader;
import io.tcpstack.it.Ping;
import io.tcpstack.it.TestArtifacts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Malformed IPv4 datagrams written onto the TUN (RFC 791 header, RFC 1122 §3.2.1 checks): the stack
 * answers none of them and keeps answering valid pings. The packets and what counts as malformed are
 * in {@code malformed_ipv4.py}.
 */
@NamespaceTest
class MalformedIpv4IT {

    /** Repetitions of the nine malformed variants. */
    private static final int ROUNDS = 50;
    /** The ICMP echo identifier of every packet the script sends. */
    private static final int IDENT = 0x7e57;

    @Test
    void malformedDatagramsAreDroppedAndTheStackKeepsAnswering(NetNs ns, TestArtifacts artifacts) throws Exception {
        // No IPv6 on the TUN: the kernel's router and multicast listener solicitations would count as header errors.
        ns.exec("sysctl", "-w", "net.ipv6.conf.default.disable_ipv6=1").requireSuccess();
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).pcap().start(ns, artifacts);
        Path script = Path.of(MalformedIpv4IT.class.getResource("malformed_ipv4.py").toURI());

        CommandResult burst = ns.exec("python3", script.toString(), TUN, KERNEL, STACK, Integer.toString(ROUNDS));
        Ping after = Ping.run(ns, STACK, 3);

        assertThat(burst.stdout()).as(burst.describe()).contains("sentinel answered")
                .doesNotContainPattern("answered [1-9]");
        assertThat(burst.succeeded()).as(burst.describe()).isTrue();
        assertThat(after.received()).as(after.describe()).isEqualTo(3);
        assertThat(daemon.stop()).isZero();
        PcapReader capture = PcapReader.read(daemon.pcap().orElseThrow());
        assertThat(capture.count("icmp.type == 8 && icmp.ident == " + IDENT))
                .as("valid-looking echo requests the stack read").isGreaterThanOrEqualTo(ROUNDS);
        assertThat(capture.count("icmp.type == 0 && icmp.ident == " + IDENT))
                .as("echo replies in the stack's capture: the sentinel's only").isEqualTo(1);
        // Per variant, in the order of the script: header errors are bad checksum, IHL below 5, IHL beyond
        // the total length, total length below the header, version; truncated are total length beyond the
        // frame and a 12-byte header; a bad ICMP checksum passes IPv4 and fails ICMP.
        assertThat(daemon.counters("ipv4")).as("ipv4 counters")
                .containsEntry("InHdrErrors", 5L * ROUNDS)
                .containsEntry("InTruncatedPkts", 2L * ROUNDS)
                .containsEntry("FragmentsDropped", (long) ROUNDS);
        assertThat(daemon.counters("icmp")).as("icmp counters").containsEntry("InErrors", (long) ROUNDS);
    }
}
