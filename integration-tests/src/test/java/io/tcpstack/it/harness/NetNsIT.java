package io.tcpstack.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.it.BackgroundProcess;
import io.tcpstack.it.CommandResult;
import io.tcpstack.it.Commands;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.TestArtifacts;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The namespace harness itself: isolation, commands, links, background processes, cleanup. */
@NamespaceTest
class NetNsIT {

    @Test
    void commandRunsInsideTheNamespace(NetNs ns) {
        CommandResult identify = ns.exec("ip", "netns", "identify").requireSuccess();

        assertThat(identify.stdout().strip()).isEqualTo(ns.name());
        assertThat(ns.exec("readlink", "/proc/self/ns/net").requireSuccess().stdout())
                .isNotEqualTo(Commands.run(List.of("readlink", "/proc/self/ns/net")).stdout());
    }

    @Test
    void commandResultCarriesExitCodeAndBothOutputs(NetNs ns) {
        CommandResult result = ns.exec("sh", "-c", "echo out; echo err >&2; exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThatThrownBy(result::requireSuccess).hasMessageContaining("exit code: 3");
    }

    @Test
    void commandOutlivingItsTimeoutIsKilled(NetNs ns) {
        assertThatThrownBy(() -> ns.exec(Duration.ofMillis(300), "sleep", "600"))
                .hasMessageContaining("did not finish within");
        assertThat(Commands.run(List.of("ip", "netns", "pids", ns.name())).stdout()).isBlank();
    }

    @Test
    void loopbackIsUpAndAnswersPing(NetNs ns) {
        CommandResult ping = ns.exec("ping", "-c", "2", "-i", "0.2", "-W", "5", "127.0.0.1");

        assertThat(ping.succeeded()).as(ping.describe()).isTrue();
        assertThat(ping.stdout()).contains("2 received");
    }

    @Test
    void vethLinksTwoNamespaces(NetNs ns) {
        try (NetNs peer = NetNs.create()) {
            ns.addVeth("veth-a", peer, "veth-b");
            ns.addAddress("veth-a", "10.99.0.1/24");
            peer.addAddress("veth-b", "10.99.0.2/24");

            CommandResult ping = ns.exec("ping", "-c", "2", "-i", "0.2", "-W", "5", "10.99.0.2");

            assertThat(ping.succeeded()).as(ping.describe()).isTrue();
            assertThat(ping.stdout()).contains("2 received");
        }
    }

    @Test
    void backgroundProcessOutputIsLoggedAndAwaitable(NetNs ns, TestArtifacts artifacts) throws Exception {
        BackgroundProcess process = ns.spawn(artifacts.file("echo.log"), "sh", "-c",
                "echo starting; echo ready $(ip netns identify); exec sleep 600");

        String ready = process.awaitLine(Pattern.compile("^ready "), Duration.ofSeconds(30));

        assertThat(ready).isEqualTo("ready " + ns.name());
        assertThat(process.terminate()).isEqualTo(143);
        assertThat(process.logFile()).content()
                .isEqualTo("starting\nready " + ns.name() + "\n");
    }

    @Test
    void awaitingALineFailsWhenTheProcessExitsFirst(NetNs ns, TestArtifacts artifacts) {
        BackgroundProcess process = ns.spawn(artifacts.file("short.log"), "sh", "-c", "echo bye; exit 4");

        assertThatThrownBy(() -> process.awaitLine(Pattern.compile("never"), Duration.ofSeconds(60)))
                .hasMessageContaining("it exited with code 4").hasMessageContaining("bye");
    }

    @Test
    void closeStopsProcessesRemovesInterfacesAndDeletesTheNamespaceEvenAfterAnException(TestArtifacts artifacts) {
        NetNs[] created = new NetNs[1];
        BackgroundProcess[] started = new BackgroundProcess[1];

        assertThatThrownBy(() -> {
            try (NetNs ns = NetNs.create()) {
                created[0] = ns;
                ns.addTun("tcps-leak0");
                started[0] = ns.spawn(artifacts.file("sleep.log"), "sleep", "600");
                throw new IllegalStateException("test failed here");
            }
        }).hasMessage("test failed here");

        assertThat(started[0].isAlive()).isFalse();
        assertThat(Commands.run(List.of("ip", "netns", "list")).stdout()).doesNotContain(created[0].name());
        assertThat(created[0].path()).doesNotExist();
    }
}
