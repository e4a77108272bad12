package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.NsThread;
import io.tcpstack.it.TestArtifacts;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Looking into a running daemon: {@code tcpstack ss} and {@code stats} over the control socket,
 * and the Prometheus endpoint scraped from the kernel side and checked by {@code promtool}.
 */
@NamespaceTest
class InspectionIT {
    private static final int ECHO = 7;
    private static final int DAYTIME = 13;
    private static final String METRICS = "127.0.0.1:9464";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void ssStatsAndMetricsShowAHeldConnection(NetNs ns, TestArtifacts artifacts) throws Exception {
        Path directory = Files.createTempDirectory("tcps-control");
        Path control = directory.resolve(TUN + ".sock");
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR)
                .args("--control", control.toString(), "--metrics", METRICS).start(ns, artifacts);
        // from a source port the steering sends to queue 0 (of one per processor), whose series are checked below
        int queue0 = KernelClient.portsSteeredTo(0, Runtime.getRuntime().availableProcessors(), ECHO, 1).get(0);
        try (NsThread thread = ns.thread(); Socket held = KernelClient.connectFrom(thread, queue0, STACK, ECHO)) {
            assertThat(Files.getPosixFilePermissions(control)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertEchoes(held, "hello");
            String port = Integer.toString(held.getLocalPort());

            JsonNode row = single(json(ns, control, "ss", "--port", port));
            assertThat(row.get("state").asText()).isEqualTo("ESTABLISHED");
            assertThat(row.get("localPort").asInt()).isEqualTo(ECHO);
            assertThat(row.get("peerAddress").asText()).isEqualTo(held.getLocalAddress().getHostAddress());
            JsonNode info = row.get("info");
            assertThat(info.get("bytesReceived").asLong()).as("the 5 bytes echoed").isEqualTo(5);
            assertThat(info.get("bytesAcked").asLong()).as("the SYN at least").isBetween(1L, 6L);
            assertThat(info.get("mss").asInt()).isPositive();
            assertThat(info.get("cwnd").asInt()).isPositive();
            assertThat(info.get("rtoMicros").asLong()).isPositive();
            assertThat(info.get("congestionControl").asText()).isEqualTo("cubic");

            // the kernel's own ss for the same connection: the counterpart state, and what each side
            // received is what the other had acknowledged (the kernel's bytes_acked counts the SYN)
            CommandResult kernelSs = ns.exec("ss", "-tniH", "state", "established", "( sport = :" + port + " )");
            Files.writeString(artifacts.file("kernel-ss-tni.txt"), kernelSs.stdout());
            assertThat(kernelSs.stdout()).as(kernelSs.describe()) // the Java client's socket shows as [::ffff:10.0.0.1]
                    .containsPattern(":" + port + " ").containsPattern(Pattern.quote(STACK) + "]?:" + ECHO + "\\b");
            assertThat(kernelCounter(kernelSs.stdout(), "bytes_acked") - 1).as("the kernel's data the stack acknowledged")
                    .isEqualTo(info.get("bytesReceived").asLong());
            assertThat(kernelCounter(kernelSs.stdout(), "bytes_received")).as("the echo, in the kernel's count").isEqualTo(5);

            CommandResult text = cli(ns, control, "ss", "-i", "state", "established", "( dport = :" + port + " )");
            Files.writeString(artifacts.file("ss-i.txt"), text.stdout());
            assertThat(text.stdout().lines().toList()).as(text.describe()).hasSize(3);
            assertThat(text.stdout()).contains("ESTAB", STACK + ":" + ECHO, ":" + port, "bytes_received:5", "cubic");

            List<JsonNode> listeners = rows(json(ns, control, "ss", "--state", "listen"));
            assertThat(listeners).isNotEmpty().allSatisfy(l -> assertThat(l.get("state").asText()).isEqualTo("LISTEN"));
            assertThat(listeners).anySatisfy(l -> assertThat(l.get("localPort").asInt()).isEqualTo(ECHO));
            String listening = cli(ns, control, "ss", "-li").stdout();
            Files.writeString(artifacts.file("ss-li.txt"), listening);
            assertThat(listening).contains("syn_queue:0/", "accept_queue:0/");

            long inSegs = tcpCounter(ns, control, "InSegs");
            assertEchoes(held, "again");
            assertThat(tcpCounter(ns, control, "InSegs")).as("the second echo's segments").isGreaterThan(inSegs);
            Files.writeString(artifacts.file("stats.txt"), cli(ns, control, "stats").stdout());

            Path scraped = artifacts.file("metrics.txt");
            CommandResult scrape = ns.exec("curl", "-sSf", "-o", scraped.toString(), "http://" + METRICS + "/metrics");
            assertThat(scrape.succeeded()).as(scrape.describe()).isTrue();
            assertThat(Files.readString(scraped)).contains("tcpstack_tcp_in_segs_total{queue=\"0\"}",
                    "tcpstack_tcp_connections{queue=\"0\",state=\"ESTABLISHED\"} 1.0",
                    "tcpstack_tcp_curr_estab{queue=\"0\"} 1.0")
                    .containsPattern("tcpstack_tcp_memory_limit_bytes\\{queue=\"0\"\\} [1-9]")
                    .containsPattern("tcpstack_tcp_memory_bytes\\{queue=\"0\"\\} \\d")
                    .containsPattern("tcpstack_tun_read_batches_total\\{queue=\"0\"\\} [1-9]")
                    .containsPattern("tcpstack_tun_packets_written_total\\{queue=\"0\"\\} [1-9]")
                    .containsPattern("tcpstack_event_loop_busy_seconds_total\\{queue=\"0\"\\} (0\\.0*[1-9]|[1-9])");
            CommandResult promtool = ns.exec("sh", "-c", "promtool check metrics < " + scraped);
            assertThat(promtool.exitCode()).as(promtool.describe()).isZero();
        }
        assertThat(daemon.stop()).isZero();
        assertThat(control).as("removed at stop").doesNotExist();
        Files.delete(directory);
    }

    /** A {@code name:N} field of the kernel's {@code ss -i} output. */
    private static long kernelCounter(String ss, String name) {
        Matcher m = Pattern.compile("\\b" + name + ":(\\d+)").matcher(ss);
        assertThat(m.find()).as(name + " in " + ss).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Daytime closes first: the stack's end waits in TIME_WAIT, and ss shows it with its 2 MSL timer running. */
    @Test
    void ssShowsTimeWaitWithItsTimer(NetNs ns, TestArtifacts artifacts) throws Exception {
        Path directory = Files.createTempDirectory("tcps-control");
        Path control = directory.resolve(TUN + ".sock");
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR)
                .args("--log-level", "debug", "--control", control.toString()).start(ns, artifacts);
        String stack = STACK + ":" + DAYTIME;
        try (NsThread thread = ns.thread(); Socket socket = KernelClient.connect(thread, STACK, DAYTIME)) {
            String kernel = KernelClient.local(socket);
            socket.getInputStream().readAllBytes();
            socket.close();
            daemon.awaitLine(TcpTesting.transition(stack, kernel, "FIN_WAIT_2", "TIME_WAIT"), TcpTesting.LOG_TIMEOUT);

            CommandResult ss = cli(ns, control, "ss", "-i", "--state", "time-wait");
            Files.writeString(artifacts.file("ss-time-wait.txt"), ss.stdout());

            assertThat(ss.stdout().lines().toList()).as(ss.describe()).hasSize(3);
            assertThat(ss.stdout()).contains("TIME-WAIT", stack, kernel).containsPattern("timer:\\(timewait,\\d+\\w+,0\\)");
        }
        assertThat(daemon.stop()).isZero();
        Files.delete(directory);
    }

    @Test
    void ssWithoutADaemonExits1WithOneLine(NetNs ns) {
        CommandResult result = cli(ns, Path.of("/nonexistent/tcps0.sock"), "ss");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stderr().lines().toList()).as(result.describe()).singleElement().asString()
                .startsWith("tcpstack: no daemon answers on /nonexistent/tcps0.sock").doesNotContain("Exception");
    }

    private static long tcpCounter(NetNs ns, Path control, String name) throws IOException {
        return json(ns, control, "stats").get(0).get("counters").get("tcp").get(name).asLong();
    }

    private static JsonNode json(NetNs ns, Path control, String... args) throws IOException {
        List<String> withJson = new ArrayList<>(List.of(args));
        withJson.add("--json");
        CommandResult result = cli(ns, control, withJson.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return JSON.readTree(result.stdout());
    }

    private static CommandResult cli(NetNs ns, Path control, String... args) {
        List<String> command = new ArrayList<>(DaemonProcess.javaJar());
        command.add(args[0]);
        command.addAll(List.of("--control", control.toString()));
        command.addAll(List.of(args).subList(1, args.length));
        return ns.exec(command.toArray(String[]::new));
    }

    private static List<JsonNode> rows(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static JsonNode single(JsonNode array) {
        assertThat(array.size()).as(array.toString()).isEqualTo(1);
        return array.get(0);
    }

    private static void assertEchoes(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(bytes);
        assertThat(socket.getInputStream().readNBytes(bytes.length)).isEqualTo(bytes);
    }
}
