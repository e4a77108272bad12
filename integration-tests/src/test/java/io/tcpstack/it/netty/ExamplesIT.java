package io.tcpstack.it.netty;

import static io.tcpstack.it.StackAddresses.KERNEL;
import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tcpstack.examples.HelloHandler;
import io.tcpstack.it.BackgroundProcess;
import io.tcpstack.it.CommandResult;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.NsThread;
import io.tcpstack.it.TestArtifacts;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The examples' jar run as README says, each against the kernel in a namespace: curl fetches from
 * {@code HelloServer}, and {@code HttpFetch} fetches from a kernel-side HTTP server through the
 * stack; each example's exit removes its TUN.
 */
@NamespaceTest
class ExamplesIT {
    private static final Path JAR = Path.of(System.getProperty("tcpstack.examples.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT = 8000;
    private static final String PAGE = "a page on the kernel side\n";

    @Test
    void curlGetsHelloFromTheHelloServer(NetNs ns, TestArtifacts artifacts) throws Exception {
        BackgroundProcess server = ns.spawn(artifacts.file("hello-server.log"),
                JAVA, NATIVE_ACCESS, "-cp", JAR.toString(), "io.tcpstack.examples.HelloServer", "--tun", TUN,
                Integer.toString(PORT));
        server.awaitLine(Pattern.compile(Pattern.quote("serving http://" + STACK + ":" + PORT + "/")), TIMEOUT);

        CommandResult curl = ns.exec(TIMEOUT, "curl", "-sS", "--max-time", "20", "http://" + STACK + ":" + PORT + "/");

        assertThat(curl.succeeded()).as(curl.describe()).isTrue();
        assertThat(curl.stdout()).isEqualTo(HelloHandler.BODY);
        assertThat(server.terminate()).as("exit on SIGTERM").isIn(0, 143);
        assertThat(ns.hasInterface(TUN)).as("the server's exit removed " + TUN).isFalse();
    }

    @Test
    void httpFetchGetsAKernelSidePageThroughTheStack(NetNs ns) throws Exception {
        try (NsThread inside = ns.thread()) {
            HttpServer server = inside.call(TIMEOUT, () -> HttpServer.create(new InetSocketAddress(PORT), 0));
            CompletableFuture<String> client = new CompletableFuture<>();
            server.createContext("/page", exchange -> {
                client.complete(exchange.getRemoteAddress().getAddress().getHostAddress());
                byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            try {
                CommandResult fetch = ns.exec(TIMEOUT, JAVA, NATIVE_ACCESS, "-cp", JAR.toString(),
                        "io.tcpstack.examples.HttpFetch", "--tun", TUN, "http://" + KERNEL + ":" + PORT + "/page");

                assertThat(fetch.succeeded()).as(fetch.describe()).isTrue();
                assertThat(fetch.stdout()).isEqualTo("200\n" + PAGE);
                assertThat(client.get(1, TimeUnit.SECONDS)).as("the request came from the stack").isEqualTo(STACK);
            } finally {
                server.stop(0);
            }
        }
        assertThat(ns.hasInterface(TUN)).as("HttpFetch's exit removed " + TUN).isFalse();
    }

    /** Without root the example says so in one line (the reason TunException gives) and exits 2. */
    @Test
    void withoutRootTheServerSaysSoInOneLine(NetNs ns) {
        CommandResult server = ns.exec(TIMEOUT, "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "--inh-caps=-all", JAVA, NATIVE_ACCESS, "-cp", JAR.toString(), "io.tcpstack.examples.HelloServer",
                "--tun", TUN);

        assertThat(server.exitCode()).as(server.describe()).isEqualTo(2);
        assertThat(server.stderr().strip()).as(server.describe())
                .startsWith("error: cannot open /dev/net/tun").contains("run as root or with CAP_NET_ADMIN")
                .doesNotContain("\n");
        assertThat(ns.hasInterface(TUN)).isFalse();
    }
}
