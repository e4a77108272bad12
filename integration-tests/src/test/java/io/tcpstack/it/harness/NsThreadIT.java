package io.tcpstack.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.CommandResult;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.NsThread;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A thread of the test JVM that joined a namespace with setns(2) sees that namespace, and only it does. */
@NamespaceTest
class NsThreadIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void threadSeesTheNamespacesInterfacesAndOthersDoNot(NetNs ns) throws Exception {
        ns.addTun("tcps-seen0");
        ns.addAddress("tcps-seen0", "192.0.2.1/24");

        try (NsThread inside = ns.thread()) {
            String devices = inside.call(TIMEOUT, () -> Files.readString(Path.of("/proc/thread-self/net/dev")));
            boolean javaSeesIt = inside.call(TIMEOUT, () -> NetworkInterface.getByName("tcps-seen0") != null);

            assertThat(devices).contains("tcps-seen0");
            assertThat(javaSeesIt).isTrue();
        }
        assertThat(Files.readString(Path.of("/proc/thread-self/net/dev"))).doesNotContain("tcps-seen0");
        assertThat(NetworkInterface.getByName("tcps-seen0")).isNull();
    }

    @Test
    void socketOpenedOnTheThreadLivesInTheNamespace(NetNs ns) throws Exception {
        try (NsThread inside = ns.thread()) {
            ServerSocket server = inside.call(TIMEOUT, () -> new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            try (server) {
                Future<String> received = inside.submit(() -> {
                    try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                    }
                });

                CommandResult nc = ns.exec("sh", "-c", "echo hello | nc -N -w 10 127.0.0.1 " + server.getLocalPort());

                assertThat(nc.succeeded()).as(nc.describe()).isTrue();
                assertThat(received.get()).isEqualTo("hello\n");
            }
        }
    }
}
