package io.tcpstack.it.daemon;

import static io.tcpstack.it.StackAddresses.KERNEL;
import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.Ping;
import io.tcpstack.it.TestArtifacts;
import org.junit.jupiter.api.Test;

/** {@code tcpstack run}: creating or attaching to its interface, and stopping cleanly on SIGTERM. */
@NamespaceTest
class DaemonLifecycleIT {

    @Test
    void createsAndConfiguresItsInterfaceAndRemovesItOnSigterm(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).start(ns, artifacts);

        String link = ns.ip("link", "show", "dev", TUN).stdout();
        String address = ns.ip("-4", "addr", "show", "dev", TUN).stdout();
        Ping ping = Ping.run(ns, STACK, 1);
        int exitCode = daemon.stop();

        assertThat(link).contains("UP").contains("mtu 1500").contains("qlen 4096"); // InterfaceConfigurator.TX_QUEUE_LENGTH
        assertThat(address).contains("inet " + KERNEL + "/24");
        assertThat(ping.received()).as(ping.describe()).isEqualTo(1);
        assertThat(exitCode).isZero();
        assertThat(ns.hasInterface(TUN)).as("interface %s after stop", TUN).isFalse();
        assertThat(daemon.lines()).noneMatch(line -> line.contains("Exception"));
    }

    @Test
    void attachesToAnExistingInterfaceAndLeavesItOnSigterm(NetNs ns, TestArtifacts artifacts) throws Exception {
        String tun = "tcps-pre0";
        ns.addTun(tun);
        ns.addAddress(tun, KERNEL + "/24");
        ns.ip("link", "set", tun, "up");
        DaemonProcess daemon = DaemonProcess.builder(tun, STACK_CIDR).start(ns, artifacts);

        Ping ping = Ping.run(ns, STACK, 3);
        int exitCode = daemon.stop();

        assertThat(ping.received()).as(ping.describe()).isEqualTo(3);
        assertThat(exitCode).isZero();
        assertThat(ns.hasInterface(tun)).as("interface %s after stop", tun).isTrue();
        assertThat(ns.ip("-4", "addr", "show", "dev", tun).stdout()).contains("inet " + KERNEL + "/24");
    }
}
