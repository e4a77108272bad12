package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.KERNEL;
import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.TestArtifacts;
import org.junit.jupiter.api.Test;

/**
 * SYNs whose TCP checksum (over the IPv4 pseudo-header) does not verify are discarded and counted
 * (RFC 9293 §3.1); a valid SYN right after them is answered. The segments are written onto the
 * TUN by {@code tcp_bad_checksum.py}.
 */
@NamespaceTest
class TcpChecksumIT {

    private static final int BAD_SEGMENTS = 25;

    @Test
    void segmentsWithABadChecksumAreDroppedAndCounted(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).start(ns, artifacts);

        CommandResult burst = ns.exec("python3", TcpTesting.script("tcp_bad_checksum.py").toString(), TUN, KERNEL,
                STACK, "80", Integer.toString(BAD_SEGMENTS));

        assertThat(burst.succeeded()).as(burst.describe()).isTrue();
        assertThat(burst.stdout()).contains("bad sent " + BAD_SEGMENTS + " answered 0", "sentinel answered");
        assertThat(daemon.stop()).isZero();
        assertThat(daemon.counters("tcp")).as("tcp counters")
                .containsEntry("Drop_BAD_CHECKSUM", (long) BAD_SEGMENTS)
                .containsEntry("InErrs", (long) BAD_SEGMENTS)
                .containsEntry("PassiveOpens", 1L);
    }
}
