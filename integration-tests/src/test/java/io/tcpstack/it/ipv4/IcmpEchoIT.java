package io.tcpstack.it.ipv4;

import static io.tcpstack.it.StackAddresses.OTHER_HOST;
import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.Ping;
import io.tcpstack.it.PcapReader;
import io.tcpstack.it.TestArtifacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kernel pings the stack over the TUN (RFC 792 echo, RFC 1122 §3.2.2.6). */
@NamespaceTest
class IcmpEchoIT {

    @Test
    void fiveEchoRequestsGetFiveReplies(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).pcap().start(ns, artifacts);

        Ping ping = Ping.run(ns, STACK, 5);

        assertThat(ping.received()).as(ping.describe()).isEqualTo(5);
        assertThat(daemon.stop()).isZero();
    }

    /** 0 and 1 byte payloads, and 1472: a 1500-byte datagram, the default MTU exactly. */
    @ParameterizedTest(name = "payload {0} bytes")
    @ValueSource(ints = {0, 1, 1472})
    void payloadSizesUpToTheDefaultMtuAreEchoed(int payload, NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess.builder(TUN, STACK_CIDR).pcap().start(ns, artifacts);

        Ping ping = Ping.run(ns, STACK, 2, "-s", Integer.toString(payload), "-M", "do");

        assertThat(ping.received()).as(ping.describe()).isEqualTo(2);
    }

    @Test
    void datagramOfAConfiguredMtuIsEchoed(NetNs ns, TestArtifacts artifacts) throws Exception {
        int mtu = 4000;
        DaemonProcess.builder(TUN, STACK_CIDR).mtu(mtu).pcap().start(ns, artifacts);

        Ping ping = Ping.run(ns, STACK, 2, "-s", Integer.toString(mtu - 28), "-M", "do");

        assertThat(ns.ip("link", "show", "dev", TUN).stdout()).contains("mtu " + mtu);
        assertThat(ping.received()).as(ping.describe()).isEqualTo(2);
    }

    @Test
    void anotherHostOfTheSubnetGetsNoAnswerFromTheStack(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).pcap().start(ns, artifacts);

        Ping other = Ping.run(ns, OTHER_HOST, 3);
        Ping own = Ping.run(ns, STACK, 1);
        assertThat(daemon.stop()).isZero();

        assertThat(other.received()).as(other.describe()).isZero();
        assertThat(own.received()).as(own.describe()).isEqualTo(1);
        PcapReader capture = PcapReader.read(daemon.pcap().orElseThrow());
        assertThat(capture.count("icmp.type == 8 && ip.dst == " + OTHER_HOST))
                .as("echo requests to %s reached the stack", OTHER_HOST).isEqualTo(3);
        assertThat(capture.count("ip.src == " + OTHER_HOST)).as("packets sent from %s", OTHER_HOST).isZero();
    }
}
