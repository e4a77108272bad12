package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static io.tcpstack.it.tcp.TcpTesting.LOG_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.TestArtifacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nc} from the kernel side against the stack's echo, daytime and chargen services. */
@NamespaceTest
class SimpleServicesIT {

    /** 10 MiB: the echo round trip. */
    private static final int ECHO_BYTES = 10 * 1024 * 1024;
    /** How much of the chargen stream the client reads before it closes. */
    private static final int CHARGEN_BYTES = 1_000_000;
    /** Bound on one {@code nc} exchange. */
    private static final Duration NC_TIMEOUT = Duration.ofSeconds(60);
    /** RFC 1123 date as the daytime service writes it, e.g. {@code Tue, 3 Jun 2008 11:05:30 GMT}. */
    private static final Pattern RFC_1123 =
            Pattern.compile("[A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n");

    /** {@code nc -N}: the client half-closes after its input; echo sends everything back, then closes too. */
    @Test
    void echoReturns10MiBAcrossAHalfClose(NetNs ns, TestArtifacts artifacts, @TempDir Path dir) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).start(ns, artifacts);
        Path sent = TcpTesting.randomFile(dir.resolve("sent"), ECHO_BYTES, 7);
        Path received = dir.resolve("received");

        CommandResult nc = TcpTesting.bash(ns, NC_TIMEOUT,
                "nc -N -w 30 " + STACK + " 7 < " + sent + " > " + received);

        assertThat(nc.succeeded()).as(nc.describe()).isTrue();
        assertThat(Files.size(received)).isEqualTo(ECHO_BYTES);
        assertThat(TcpTesting.sha256(received)).isEqualTo(TcpTesting.sha256(sent));
        assertThat(daemon.stop()).isZero();
    }

    /** Daytime writes one line and closes first; {@code nc} ends on that end of stream. */
    @Test
    void daytimeSendsOneLineAndCloses(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).start(ns, artifacts);

        CommandResult nc = ns.exec(NC_TIMEOUT, "nc", "-w", "30", STACK, "13");

        assertThat(nc.succeeded()).as(nc.describe()).isTrue();
        assertThat(nc.stdout()).as(nc.describe()).matches(RFC_1123);
        assertThat(daemon.stop()).isZero();
    }

    /**
     * The client reads a megabyte of chargen (RFC 864 lines) and closes with data still arriving
     * (the kernel then resets the connection); the stack ends that connection and keeps serving.
     */
    @Test
    void chargenStreamsUntilTheClientClosesAndTheStackCarriesOn(NetNs ns, TestArtifacts artifacts, @TempDir Path dir)
            throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).args("--log-level", "debug").start(ns, artifacts);
        Path received = dir.resolve("chargen");

        CommandResult nc = TcpTesting.bash(ns, NC_TIMEOUT,
                "nc " + STACK + " 19 | head -c " + CHARGEN_BYTES + " > " + received);
        daemon.awaitLine(Pattern.compile(Pattern.quote(STACK + ":19 > ") + "\\S+ \\w+ -> CLOSED "), LOG_TIMEOUT);
        CommandResult again = TcpTesting.bash(ns, NC_TIMEOUT, "nc " + STACK + " 19 | head -c 740");
        CommandResult status = ns.exec("curl", "-sS", "--fail", "--max-time", "20", "http://" + STACK + "/");

        assertThat(nc.succeeded()).as(nc.describe()).isTrue();
        assertThat(Files.readAllBytes(received)).isEqualTo(chargen(CHARGEN_BYTES));
        assertThat(again.stdout()).isEqualTo(new String(chargen(740), StandardCharsets.US_ASCII));
        assertThat(status.succeeded()).as(status.describe()).isTrue();
        assertThat(daemon.stop()).isZero();
        assertThat(daemon.lines()).noneMatch(line -> line.contains("Exception") || line.contains(" ERROR "));
    }

    /** The first {@code length} bytes of the RFC 864 stream: line k is 72 characters from ' ' + k mod 95, CRLF. */
    private static byte[] chargen(int length) {
        byte[] stream = new byte[length];
        for (int at = 0; at < length; at++) {
            int line = at / 74;
            int column = at % 74;
            stream[at] = (byte) (column == 72 ? '\r' : column == 73 ? '\n' : ' ' + (line + column) % 95);
        }
        return stream;
    }
}
