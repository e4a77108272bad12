package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static io.tcpstack.it.tcp.TcpTesting.HUNDRED_MIB;
import static io.tcpstack.it.tcp.TcpTesting.TRANSFER_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures, reported and not asserted: the same clients ({@code curl}, {@code http_connections.py})
 * against the stack over its TUN, and against the kernel's own TCP between two namespaces over a
 * veth pair (server {@code kernel_http.py}, the stack's HTTP endpoints in Python), in one run.
 * Each transfer is still checked for size (and the upload for its SHA-256), so a broken transfer
 * fails instead of producing a figure. The table goes to standard output and to
 * {@code figures.txt} in the test's artifacts.
 */
@NamespaceTest
class ThroughputComparisonIT {

    /** The kernel server's side of the veth pair. */
    private static final String SERVER = "10.1.0.2";
    private static final int KERNEL_PORT = 8000;
    private static final int SEQUENTIAL = 1000;
    /** curl's figures: total seconds and average bytes per second. */
    private static final Pattern CURL_FIGURES = Pattern.compile("^(\\d+) ([0-9.]+) ([0-9.]+)$");
    private static final Pattern CONNECTIONS_FIGURE = Pattern.compile("^ok \\d+ connections in ([0-9.]+) s$", Pattern.MULTILINE);

    /** One measured row: what, and the seconds and throughput through the stack and through the kernel. */
    private record Row(String what, Figure stack, Figure kernel) {
    }

    /** Seconds taken, and bytes per second where bytes were moved (0 otherwise). */
    private record Figure(double seconds, double bytesPerSecond) {
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void stackAgainstKernelOverVeth(NetNs ns, TestArtifacts artifacts, @TempDir Path dir) throws Exception {
        Path upload = TcpTesting.randomFile(dir.resolve("upload"), HUNDRED_MIB, 793);
        String uploadSha = TcpTesting.sha256(upload);
        DaemonProcess.builder(TUN, STACK_CIDR).start(ns, artifacts);
        try (NetNs server = NetNs.create()) {
            ns.addVeth("tcps-cmp0", server, "tcps-cmp1");
            ns.addAddress("tcps-cmp0", "10.1.0.1/24");
            server.addAddress("tcps-cmp1", SERVER + "/24");
            BackgroundProcess kernelHttp = server.spawn(artifacts.file("kernel_http.log"), "python3",
                    TcpTesting.script("kernel_http.py").toString(), SERVER, Integer.toString(KERNEL_PORT));
            kernelHttp.awaitLine(Pattern.compile("^listening$"), Duration.ofSeconds(30));
            String viaStack = "http://" + STACK;
            String viaKernel = "http://" + SERVER + ":" + KERNEL_PORT;

            List<Row> rows = new ArrayList<>();
            rows.add(new Row("download 100 MiB (GET /bytes)",
                    download(ns, viaStack), download(ns, viaKernel)));
            rows.add(new Row("upload 100 MiB (POST /sink)",
                    upload(ns, viaStack, upload, uploadSha), upload(ns, viaKernel, upload, uploadSha)));
            rows.add(new Row(SEQUENTIAL + " sequential connections (GET /bytes/<4000)",
                    connections(ns, STACK, 80), connections(ns, SERVER, KERNEL_PORT)));

            String table = table(rows);
            System.out.println(table);
            Files.writeString(artifacts.file("figures.txt"), table);
        }
    }

    private static Figure download(NetNs ns, String base) {
        CommandResult curl = ns.exec(TRANSFER_TIMEOUT, "curl", "-sS", "--fail", "--max-time", "80", "-o", "/dev/null",
                "-w", "%{size_download} %{time_total} %{speed_download}", base + "/bytes/" + HUNDRED_MIB);
        Matcher figures = curlFigures(curl);
        assertThat(Long.parseLong(figures.group(1))).as(curl.describe()).isEqualTo(HUNDRED_MIB);
        return new Figure(Double.parseDouble(figures.group(2)), Double.parseDouble(figures.group(3)));
    }

    /** {@code Expect:} off, so neither server's handling of 100-continue enters the figure. */
    private static Figure upload(NetNs ns, String base, Path file, String sha) {
        CommandResult curl = ns.exec(TRANSFER_TIMEOUT, "curl", "-sS", "--fail", "--max-time", "80", "-H", "Expect:",
                "--data-binary", "@" + file, "-w", "%{size_upload} %{time_total} %{speed_upload}", base + "/sink");
        List<String> lines = curl.stdout().lines().toList(); // the body ends with a newline, curl's figures follow
        assertThat(lines).as(curl.describe()).hasSize(2);
        assertThat(lines.getFirst()).as(curl.describe()).isEqualTo(HUNDRED_MIB + " " + sha);
        Matcher figures = curlFigures(curl);
        return new Figure(Double.parseDouble(figures.group(2)), Double.parseDouble(figures.group(3)));
    }

    private static Matcher curlFigures(CommandResult curl) {
        assertThat(curl.succeeded()).as(curl.describe()).isTrue();
        Matcher figures = CURL_FIGURES.matcher(curl.stdout().lines().toList().getLast());
        assertThat(figures.matches()).as(curl.describe()).isTrue();
        return figures;
    }

    private static Figure connections(NetNs ns, String host, int port) {
        CommandResult run = ns.exec(Duration.ofSeconds(100), "python3", TcpTesting.script("http_connections.py").toString(),
                host, Integer.toString(port), "sequential", Integer.toString(SEQUENTIAL));
        Matcher figure = CONNECTIONS_FIGURE.matcher(run.stdout());
        assertThat(run.succeeded() && figure.find()).as(run.describe()).isTrue();
        return new Figure(Double.parseDouble(figure.group(1)), 0);
    }

    private static String table(List<Row> rows) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-45s %22s %22s%n", "",
                "tcpstack over TUN", "kernel over veth"));
        for (Row row : rows) {
            table.append(String.format(Locale.ROOT, "%-45s %22s %22s%n", row.what(), cell(row.stack()), cell(row.kernel())));
        }
        return table.toString();
    }

    private static String cell(Figure figure) {
        return figure.bytesPerSecond() == 0
                ? String.format(Locale.ROOT, "%.2f s", figure.seconds())
                : String.format(Locale.ROOT, "%.2f s %7.1f MiB/s", figure.seconds(), figure.bytesPerSecond() / (1 << 20));
    }
}
