package io.tcpstack.it.dist;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.Commands;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.Ping;
import io.tcpstack.it.TestArtifacts;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The unpacked release tarball: its launcher, reached through a symbolic link as from
 * {@code /usr/local/bin}, runs the daemon on the bundled runtime with options from an argument
 * file, as the systemd unit does; its completion script and man pages are what the command prints.
 */
@NamespaceTest
class DistributionIT {

    @Test
    void theLauncherRunsTheDaemonWithOptionsFromAFileAndItAnswersPings(NetNs ns, TestArtifacts artifacts)
            throws Exception {
        Path link = artifacts.file("tcpstack");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Distribution.launcher());
        Path conf = Files.writeString(artifacts.file("tcps0.conf"), """
                # as /etc/tcpstack/tcps0.conf
                --mtu=1400
                --no-http
                """);

        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).launcher(link).args("@" + conf)
                .start(ns, artifacts);
        String linkState = ns.ip("link", "show", "dev", TUN).stdout();
        Ping ping = Ping.run(ns, STACK, 1);
        int exitCode = daemon.stop();

        assertThat(linkState).contains("mtu 1400");
        assertThat(ping.received()).as(ping.describe()).isEqualTo(1);
        assertThat(exitCode).as("exit code on SIGTERM").isZero();
        assertThat(ns.hasInterface(TUN)).as("interface %s after stop", TUN).isFalse();
        assertThat(daemon.lines()).noneMatch(line -> line.contains("Exception") || line.contains("WARNING"));
    }

    @Test
    void theShippedCompletionScriptsAndManPagesMatchTheCommand() throws Exception {
        Path home = Distribution.home();
        String bash = Commands.run(List.of(Distribution.launcher().toString(), "completion", "bash"))
                .requireSuccess().stdout();
        String zsh = Commands.run(List.of(Distribution.launcher().toString(), "completion", "zsh"))
                .requireSuccess().stdout();

        assertThat(home.resolve("share/bash-completion/completions/tcpstack")).hasContent(bash);
        assertThat(home.resolve("share/zsh/tcpstack.zsh")).hasContent(zsh);
        for (String page : List.of("tcpstack.1", "tcpstack-run.1", "tcpstack-impair.1", "tcpstack-completion.1")) {
            assertThat(home.resolve("share/man/man1/" + page)).isRegularFile();
        }
        assertThat(Files.readString(home.resolve("share/man/man1/tcpstack-run.1")))
                .contains("\\-\\-peer\\-address", "@FILE");
        assertThat(home.resolve("runtime/bin/java")).isExecutable();
    }

    @Test
    void underNotifySocketTheDaemonTellsReadinessAsSystemdExpects(NetNs ns, TestArtifacts artifacts) throws Exception {
        // A path socket (abstract ones do not cross network namespaces), short enough for sockaddr_un.
        Path socketDir = Files.createTempDirectory("tcps-notify");
        Path socket = socketDir.resolve("notify");
        Process receiver = new ProcessBuilder("python3", "-c", """
                import socket, sys
                s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                s.bind(sys.argv[1])
                print("bound", flush=True)
                s.settimeout(90)
                print(s.recv(256).decode(), flush=True)
                """, socket.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = receiver.inputReader()) {
            assertThat(out.readLine()).isEqualTo("bound");
            Path launcher = artifacts.file("notify-launcher");
            Files.writeString(launcher, "#!/bin/sh\nNOTIFY_SOCKET='%s' exec '%s' \"$@\"\n"
                    .formatted(socket, Distribution.launcher()));
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

            DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).launcher(launcher).start(ns, artifacts);
            String state = out.readLine();
            int exitCode = daemon.stop();

            assertThat(state).isEqualTo("READY=1");
            assertThat(exitCode).isZero();
        } finally {
            receiver.destroy();
            receiver.waitFor();
            Files.deleteIfExists(socket);
            Files.delete(socketDir);
        }
    }
}
