package io.tcpstack.it.impaired;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.Ping;
import io.tcpstack.it.TestArtifacts;
import org.junit.jupiter.api.Test;

/** The stack answers a client that is not on its own subnet, two routers away ({@link RoutedTopology}). */
@NamespaceTest
class RoutedClientIT {

    @Test
    void answersClientBehindRouter(NetNs ns, TestArtifacts artifacts) throws Exception {
        try (RoutedTopology topology = RoutedTopology.create(ns)) {
            DaemonProcess.builder(TUN, STACK_CIDR).pcap().start(ns, artifacts);

            Ping ping = Ping.run(topology.client(), STACK, 3);
            assertThat(ping.received()).as(ping.describe()).isEqualTo(3);
            CommandResult get = topology.client().exec("curl", "-sS", "--fail", "--max-time", "20", RoutedTopology.STACK_URL + "/");
            assertThat(get.succeeded()).as(get.describe()).isTrue();
            // The status page lists the connection it is served on: the client's own address, not a router's.
            assertThat(get.stdout()).as(get.describe()).contains(STACK + ":80 " + RoutedTopology.CLIENT + ":");
        }
    }
}
