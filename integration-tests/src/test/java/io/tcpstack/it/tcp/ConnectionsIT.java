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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Many connections to the HTTP service, each checked byte for byte by {@code http_connections.py}:
 * one after another (the server closes each first), and all open at once (the client closes).
 */
@NamespaceTest
class ConnectionsIT {

    /** Bound on one run of the script. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(100);

    @Test
    void thousandSequentialConnectionsAreAllServed(NetNs ns, TestArtifacts artifacts) throws Exception {
        assertAllServed(ns, artifacts, "sequential", 1000);
    }

    @Test
    void twoHundredConcurrentConnectionsAreAllServed(NetNs ns, TestArtifacts artifacts) throws Exception {
        assertAllServed(ns, artifacts, "concurrent", 200);
    }

    private static void assertAllServed(NetNs ns, TestArtifacts artifacts, String mode, int count) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).start(ns, artifacts);

        CommandResult run = ns.exec(RUN_TIMEOUT, "python3", TcpTesting.script("http_connections.py").toString(),
                STACK, "80", mode, Integer.toString(count));

        assertThat(run.succeeded()).as(run.describe()).isTrue();
        assertThat(run.stdout()).startsWith("ok " + count + " connections");
        assertThat(daemon.stop()).isZero();
        Map<String, Long> tcp = daemon.counters("tcp");
        assertThat(tcp).as("tcp counters").containsEntry("PassiveOpens", (long) count)
                .containsEntry("AttemptFails", 0L).containsEntry("EstabResets", 0L);
    }
}
