package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpstack.it.BackgroundProcess;
import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.TestArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page's {@code /connections} view in a real headless browser (Debian's chromium, run
 * in the test's namespace): after a {@code curl} through the stack, the page draws that
 * connection's ladder with the handshake's three arrows and each side's states; the screenshot is
 * kept with the test's artifacts.
 */
@NamespaceTest
class ConnectionsPageIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(90);
    /** curl's port, to find its connection in the list. */
    private static final int CURL_PORT = 40080;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void browserDrawsTheLadderOfACurlConnection(NetNs ns, TestArtifacts artifacts) throws Exception {
        Path control = dir.resolve(TUN + ".sock");
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).args("--control", control.toString())
                .start(ns, artifacts);
        String base = "http://" + STACK;
        assertThat(get(ns, base + "/connections.json").path("connections").isArray())
                .as("the first view starts recording").isTrue();

        List<String> traceCommand = new ArrayList<>(DaemonProcess.javaJar());
        traceCommand.addAll(List.of("trace", "--control", control.toString(), "--port", Integer.toString(CURL_PORT),
                "--count", "1"));
        BackgroundProcess trace = ns.spawn(artifacts.file("trace.txt"), traceCommand.toArray(String[]::new));
        trace.awaitLine(Pattern.compile("tcpstack trace: tracing "), TIMEOUT);
        CommandResult curl = ns.exec("curl", "-sSf", "--local-port", Integer.toString(CURL_PORT), base + "/");
        assertThat(curl.stdout()).as(curl.describe()).startsWith("tcpstack");
        assertThat(trace.awaitExit(TIMEOUT)).as("curl's connection closed").isZero();

        JsonNode connection = StreamSupport.stream(get(ns, base + "/connections.json").path("connections").spliterator(),
                false).filter(c -> c.path("peer").asText().endsWith(":" + CURL_PORT)).findFirst().orElseThrow();
        assertThat(connection.path("local").asText()).isEqualTo(STACK + ":80");
        String page = base + "/connections?id=" + connection.path("id").asText();

        CommandResult dom = chromium(ns, "--dump-dom", page);
        assertThat(dom.exitCode()).as(dom.describe()).isZero();
        Files.writeString(artifacts.file("connections-dom.html"), dom.stdout());
        String html = dom.stdout();
        assertThat(html).contains("<svg", "peer's are inferred from the segments");
        List<String> arrows = Pattern.compile("<g class=\"segment (in|out)\">.*?<text class=\"label\"[^>]*>([^<]*)</text>")
                .matcher(html).results().map(m -> m.group(1) + " " + m.group(2)).toList();
        assertThat(arrows).as(html).startsWith("in SYN seq=0", "out SYN+ACK seq=0 ack=1", "in ACK ack=1");
        assertThat(arrows).anyMatch(a -> a.matches("in seq=1 ack=1 len=\\d+"))
                .anyMatch(a -> a.matches("out seq=1 ack=\\d+ len=\\d+"))
                .anyMatch(a -> a.startsWith("in FIN"))
                .anyMatch(a -> a.startsWith("out FIN"));
        List<String> stackStates = states(html, "stack");
        assertThat(stackStates).containsSubsequence("LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT",
                "LAST_ACK", "CLOSED");
        assertThat(states(html, "peer")).containsSubsequence("CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1");

        Path screenshot = artifacts.file("connections.png");
        CommandResult shot = chromium(ns, "--screenshot=" + screenshot, "--window-size=760,940",
                "--hide-scrollbars", page);
        assertThat(shot.exitCode()).as(shot.describe()).isZero();
        assertThat(Files.size(screenshot)).isPositive();

        assertThat(status(ns, base + "/connections?id=999999")).isEqualTo("404");
        assertThat(status(ns, base + "/connections/999999.svg")).isEqualTo("404");
        assertThat(status(ns, base + "/connections/abc.svg")).isEqualTo("400");
        assertThat(status(ns, base + "/connections?id=%3Cb%3E")).isEqualTo("400");
        assertThat(daemon.stop()).isZero();
    }

    /** chromium, headless, in the namespace, with a profile of its own and the page's scripts given time to run. */
    private CommandResult chromium(NetNs ns, String... args) throws Exception {
        Path profile = Files.createTempDirectory(dir, "chromium");
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
        command.addAll(List.of(args));
        return ns.exec(BROWSER_TIMEOUT, command.toArray(String[]::new));
    }

    /** The state labels of one side, top to bottom. */
    private static List<String> states(String html, String side) {
        return Pattern.compile("<text class=\"state " + side + "\"[^>]*>([A-Z_0-9]+)</text>").matcher(html).results()
                .map(m -> m.group(1)).toList();
    }

    private static JsonNode get(NetNs ns, String url) throws Exception {
        CommandResult r = ns.exec("curl", "-sSf", url);
        assertThat(r.succeeded()).as(r.describe()).isTrue();
        return JSON.readTree(r.stdout());
    }

    private static String status(NetNs ns, String url) {
        return ns.exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url).stdout();
    }
}
