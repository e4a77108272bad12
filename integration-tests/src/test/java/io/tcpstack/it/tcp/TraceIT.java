package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.KERNEL;
import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.BackgroundProcess;
import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.NsThread;
import io.tcpstack.it.PcapReader;
import io.tcpstack.it.TestArtifacts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpstack trace --ladder} of real connections from the kernel's {@code nc}: the diagram's
 * arrows of the 3-way handshake and each side's states through the 4-way teardown.
 */
@NamespaceTest
class TraceIT {
    private static final Pattern TRACING = Pattern.compile("tcpstack trace: tracing ");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Where each test's daemon puts its control socket. */
    @TempDir
    Path dir;

    /** The kernel closes first (nc's EOF): the stack passes CLOSE_WAIT and LAST_ACK. */
    @Test
    void ladderOfAnEchoConnectionThePeerClosesFirst(NetNs ns, TestArtifacts artifacts) throws Exception {
        Path control = dir.resolve(TUN + ".sock");
        DaemonProcess daemon = daemon(ns, artifacts, control);
        BackgroundProcess trace = trace(ns, artifacts, "ladder-echo.txt", control, "--ladder", "--port", "7",
                "--count", "1");

        CommandResult nc = ns.exec("sh", "-c", "printf 'hello\\n' | nc -N -w 20 " + STACK + " 7");
        assertThat(nc.stdout()).as(nc.describe()).isEqualTo("hello\n");

        assertThat(trace.awaitExit(TIMEOUT)).as(String.join("\n", trace.lines())).isZero();
        List<String> rows = diagram(trace);
        assertInOrder(rows,
                "^ *CLOSED \\|.*\\| LISTEN$",
                "^ *SYN_SENT \\|-- SYN seq=0 -+>\\| SYN_RECEIVED$",
                "^ *ESTABLISHED \\|<-- SYN\\+ACK seq=0 ack=1 -+\\|$",
                "^ *\\|-- ACK ack=1 -+>\\| ESTABLISHED$",
                "\\|-- seq=1 ack=1 len=6 -+>\\|",
                "\\|<-- seq=1 ack=7 len=6 -+\\|",
                "^ *FIN_WAIT_1 \\|-- FIN seq=7 ack=\\d+ -+>\\| CLOSE_WAIT$",
                "\\| LAST_ACK$",
                "\\|-- ACK ack=8 -+>\\| CLOSED$");
        assertThat(rows).anyMatch(r -> r.trim().startsWith("FIN_WAIT_2 |<--"))
                .anyMatch(r -> r.trim().startsWith("TIME_WAIT |<-- FIN"));
        assertThat(trace.lines()).last().asString().isEqualTo("tcpstack trace: 1 traced connection closed");
        assertThat(daemon.stop()).isZero();
    }

    /** Daytime closes first: the stack passes FIN_WAIT_1, FIN_WAIT_2 and TIME_WAIT (2 MSL, here 2 s). */
    @Test
    void ladderOfADaytimeConnectionTheStackClosesFirst(NetNs ns, TestArtifacts artifacts) throws Exception {
        Path control = dir.resolve(TUN + ".sock");
        DaemonProcess daemon = daemon(ns, artifacts, control, "--msl", "1s");
        BackgroundProcess trace = trace(ns, artifacts, "ladder-daytime.txt", control, "--ladder", "( sport = :13 )",
                "--count", "1");

        CommandResult nc = ns.exec("nc", "-w", "20", STACK, "13");
        assertThat(nc.exitCode()).as(nc.describe()).isZero();

        assertThat(trace.awaitExit(TIMEOUT)).as(String.join("\n", trace.lines())).isZero();
        assertInOrder(diagram(trace),
                "\\| LISTEN$",
                "\\|-- SYN seq=0 -+>\\| SYN_RECEIVED$",
                "\\| ESTABLISHED$",
                "^ *CLOSE_WAIT \\|<-- FIN seq=\\d+ ack=1.* -+\\| FIN_WAIT_1$",
                "\\| FIN_WAIT_2$",
                "\\| TIME_WAIT$",
                "^ *\\| +\\| CLOSED$");
        assertThat(diagram(trace)).anyMatch(r -> r.trim().startsWith("LAST_ACK |-- FIN"))
                .anyMatch(r -> r.trim().startsWith("CLOSED |<-- ACK"));
        assertThat(daemon.stop()).isZero();
    }

    /**
     * {@code --forward}: the stack opens the connection to a kernel-side server and, relaying the
     * client's half-close, closes it first: the stack's own SYN_SENT and the server's inferred states.
     */
    @Test
    void ladderOfAConnectionTheStackOpens(NetNs ns, TestArtifacts artifacts) throws Exception {
        Path control = dir.resolve(TUN + ".sock");
        DaemonProcess daemon = daemon(ns, artifacts, control,
                "--forward", "8080=" + KERNEL + ":9000", "--msl", "1s");
        BackgroundProcess trace = trace(ns, artifacts, "ladder-forward.txt", control, "--ladder", "--port", "9000",
                "--count", "1");
        try (NsThread thread = ns.thread(); ServerSocket server = thread.call(KernelClient.SOCKET_TIMEOUT,
                () -> new ServerSocket(9000, 1, InetAddress.getByName(KERNEL)))) {
            server.setSoTimeout((int) TIMEOUT.toMillis());
            BackgroundProcess client = ns.spawn(artifacts.file("nc-forward.txt"), "sh", "-c",
                    "printf 'ping\\n' | nc -N -w 20 " + STACK + " 8080");
            try (Socket upstream = server.accept()) {
                upstream.setSoTimeout((int) TIMEOUT.toMillis());
                assertThat(upstream.getInputStream().readAllBytes()).asString().isEqualTo("ping\n");
                upstream.getOutputStream().write("pong\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(client.awaitExit(TIMEOUT)).isZero();
            assertThat(client.lines()).contains("pong");
        }

        assertThat(trace.awaitExit(TIMEOUT)).as(String.join("\n", trace.lines())).isZero();
        assertInOrder(diagram(trace),
                "^ *LISTEN \\| +\\| CLOSED$",
                "^ *SYN_RECEIVED \\|<-- SYN seq=0 -+\\| SYN_SENT$",
                "^ *\\|-- SYN\\+ACK seq=0 ack=1 -+>\\| ESTABLISHED$",
                "^ *ESTABLISHED \\|<-- ACK ack=1 -+\\|$",
                "\\|<-- seq=1 ack=1 len=5 -+\\|",
                "\\| FIN_WAIT_1$",
                "\\| CLOSED$");
        assertThat(diagram(trace)).anyMatch(r -> r.contains("| TIME_WAIT"));
        assertThat(daemon.stop()).isZero();
    }

    /** {@code --pcap}: tshark reads the echo connection's handshake and both FINs from the trace's capture. */
    @Test
    void pcapOfAnEchoConnection(NetNs ns, TestArtifacts artifacts) throws Exception {
        Path control = dir.resolve(TUN + ".sock");
        Path capture = artifacts.file("trace-echo.pcap");
        DaemonProcess daemon = daemon(ns, artifacts, control);
        BackgroundProcess trace = trace(ns, artifacts, "trace-pcap.txt", control, "--port", "7", "--count", "1",
                "--pcap", capture.toString());

        CommandResult nc = ns.exec("sh", "-c", "printf 'hello\\n' | nc -N -w 20 " + STACK + " 7");
        assertThat(nc.stdout()).as(nc.describe()).isEqualTo("hello\n");
        assertThat(trace.awaitExit(TIMEOUT)).as(String.join("\n", trace.lines())).isZero();

        PcapReader pcap = PcapReader.read(capture);
        String toStack = "ip.dst == " + STACK + " && tcp.dstport == 7";
        String fromStack = "ip.src == " + STACK + " && tcp.srcport == 7";
        assertThat(pcap.values(toStack + " && tcp.flags.syn == 1 && tcp.flags.ack == 0", "tcp.seq")).containsExactly("0");
        assertThat(pcap.values(fromStack + " && tcp.flags.syn == 1 && tcp.flags.ack == 1", "tcp.ack"))
                .containsExactly("1");
        assertThat(pcap.values(toStack + " && tcp.flags == 0x010 && tcp.ack == 1 && tcp.seq == 1", "frame.number"))
                .isNotEmpty();
        assertThat(pcap.values(toStack + " && tcp.len == 6", "tcp.seq")).containsExactly("1");
        assertThat(pcap.values(fromStack + " && tcp.len == 6", "tcp.ack")).containsExactly("7");
        assertThat(pcap.values(toStack + " && tcp.flags.fin == 1", "tcp.seq")).containsExactly("7");
        assertThat(pcap.values(fromStack + " && tcp.flags.fin == 1", "tcp.ack")).containsExactly("8");
        assertThat(daemon.stop()).isZero();
    }

    /** Plain lines with every segment's fields; SIGTERM ends the trace with exit 0 and one line. */
    @Test
    void linesOfEverySegmentUntilStopped(NetNs ns, TestArtifacts artifacts) throws Exception {
        Path control = dir.resolve(TUN + ".sock");
        DaemonProcess daemon = daemon(ns, artifacts, control);
        BackgroundProcess trace = trace(ns, artifacts, "trace-echo.txt", control, "--port", "7");

        ns.exec("sh", "-c", "printf 'hello\\n' | nc -N -w 20 " + STACK + " 7").requireSuccess();
        trace.awaitLine(Pattern.compile("state " + Pattern.quote(STACK) + ":7 .* LAST_ACK -> CLOSED"), TIMEOUT);

        assertThat(trace.terminate()).isZero();
        List<String> lines = trace.lines();
        assertThat(lines).anyMatch(l -> l.matches(".* in  [0-9.]+:\\d+ > " + Pattern.quote(STACK)
                + ":7 \\[SYN\\] seq=0 win=\\d+ len=0 <mss \\d+,sack-perm,ts \\d+/0,ws \\d+>"));
        assertThat(lines).anyMatch(l -> l.matches(".* out " + Pattern.quote(STACK)
                + ":7 > [0-9.]+:\\d+ \\[SYN,ACK\\] seq=0 ack=1 win=\\d+ len=0 <mss \\d+.*>"));
        assertThat(lines).last().asString().isEqualTo("tcpstack trace: stopped by SIGTERM");
        assertThat(daemon.stop()).isZero();
    }

    /** With two TUN queues each stack is traced; the trace ends with the daemon, with exit 0 and one line. */
    @Test
    void everyQueueIsTracedUntilTheDaemonStops(NetNs ns, TestArtifacts artifacts) throws Exception {
        Path control = dir.resolve(TUN + ".sock");
        DaemonProcess daemon = daemon(ns, artifacts, control, "--queues", "2");
        BackgroundProcess trace = trace(ns, artifacts, "trace-queues.txt", control, "--json", "--port", "7");

        // source ports whose flows the steering sends two to each queue
        List<Integer> ports = new ArrayList<>(KernelClient.portsSteeredTo(0, 2, 7, 2));
        ports.addAll(KernelClient.portsSteeredTo(1, 2, 7, 2));
        try (NsThread thread = ns.thread()) {
            for (int port : ports) {
                try (Socket socket = KernelClient.connectFrom(thread, port, STACK, 7)) {
                    socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                    socket.shutdownOutput();
                    assertThat(socket.getInputStream().readAllBytes()).asString().isEqualTo("hello\n");
                }
                trace.awaitLine(Pattern.compile("\"peerPort\":" + port + ",.*\"from\":\"LAST_ACK\",\"to\":\"CLOSED\""),
                        TIMEOUT);
            }
        }
        assertThat(daemon.stop()).isZero();

        assertThat(trace.awaitExit(TIMEOUT)).isZero();
        List<String> lines = trace.lines();
        assertThat(lines).last().asString().isEqualTo("tcpstack trace: the daemon stopped");
        assertThat(lines.stream().filter(l -> l.contains("\"to\":\"CLOSED\""))).hasSize(4);
        assertThat(lines).anyMatch(l -> l.contains("\"queue\":0")).anyMatch(l -> l.contains("\"queue\":1"));
        assertThat(lines).anyMatch(l -> l.matches("\\{\"type\":\"segment\".*\"direction\":\"in\",\"flags\":\\[\"SYN\"\\],"
                + "\"seq\":0,.*\"options\":\\{\"mss\":\\d+,\"windowScale\":\\d+,\"sackPermitted\":true,.*"));
    }

    @Test
    void traceWithoutADaemonExits1WithOneLine(NetNs ns) {
        List<String> command = new ArrayList<>(DaemonProcess.javaJar());
        command.addAll(List.of("trace", "--control", "/nonexistent/tcps0.sock", "--ladder"));
        CommandResult result = ns.exec(command.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stderr().lines().toList()).as(result.describe()).singleElement().asString()
                .startsWith("tcpstack: no daemon answers on /nonexistent/tcps0.sock");
    }

    private static DaemonProcess daemon(NetNs ns, TestArtifacts artifacts, Path control, String... args)
            throws InterruptedException {
        List<String> all = new ArrayList<>(List.of("--control", control.toString()));
        all.addAll(List.of(args));
        return DaemonProcess.builder(TUN, STACK_CIDR).args(all.toArray(String[]::new)).start(ns, artifacts);
    }

    /** {@code tcpstack trace ARGS} in the background, once it said it traces. */
    private static BackgroundProcess trace(NetNs ns, TestArtifacts artifacts, String log, Path control,
                                           String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(DaemonProcess.javaJar());
        command.addAll(List.of("trace", "--control", control.toString()));
        command.addAll(List.of(args));
        BackgroundProcess trace = ns.spawn(artifacts.file(log), command.toArray(String[]::new));
        trace.awaitLine(TRACING, TIMEOUT);
        return trace;
    }

    /** The diagram's rows: the lines drawn between the two lifelines. */
    private static List<String> diagram(BackgroundProcess trace) {
        return trace.lines().stream().filter(l -> l.contains("|")).toList();
    }

    /** Each pattern matches a row after the row the one before matched. */
    private static void assertInOrder(List<String> rows, String... patterns) {
        int from = 0;
        for (String pattern : patterns) {
            Pattern p = Pattern.compile(pattern);
            int found = -1;
            for (int i = from; i < rows.size(); i++) {
                if (p.matcher(rows.get(i)).find()) {
                    found = i;
                    break;
                }
            }
            assertThat(found).as("a row matching /%s/ after row %d of:\n%s", pattern, from, String.join("\n", rows))
                    .isNotNegative();
            from = found + 1;
        }
    }
}
