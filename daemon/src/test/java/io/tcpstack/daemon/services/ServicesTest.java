package io.tcpstack.daemon.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.core.socket.StreamNetwork;
import io.tcpstack.core.socket.StreamServerSocket;
import io.tcpstack.core.socket.StreamSocket;
import io.tcpstack.daemon.services.ServiceSpec.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ServicesTest {
    private final JdkStreamNetwork network = new JdkStreamNetwork();

    @Test
    void startsEveryServiceAndStopsThemAll() throws Exception {
        List<ServiceSpec> specs = List.of(ServiceSpec.of(Kind.HTTP, 0), ServiceSpec.of(Kind.ECHO, 0),
                ServiceSpec.of(Kind.DISCARD, 0), ServiceSpec.of(Kind.CHARGEN, 0), ServiceSpec.of(Kind.DAYTIME, 0));
        Map<String, Integer> ports;
        try (Services services = Services.start(network, specs, () -> List.of("a connection row"))) {
            ports = services.running().stream()
                    .collect(Collectors.toMap(Service::name, Service::port));
            assertThat(ports).containsOnlyKeys("http", "echo", "discard", "chargen", "daytime");

            try (HttpClient client = HttpClient.newHttpClient()) {
                String page = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ports.get("http") + "/")).build(),
                        BodyHandlers.ofString()).body();
                assertThat(page).contains("  echo on port " + ports.get("echo") + "\n", "  a connection row\n");
            }
            try (var daytime = Clients.connect(ports.get("daytime"))) {
                assertThat(new String(Clients.readAll(daytime.getInputStream()), StandardCharsets.US_ASCII))
                        .endsWith(" GMT\r\n");
            }
        }
        for (int port : ports.values()) {
            assertThatThrownBy(() -> Clients.connect(port).close()).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void iperfNeedsTheStacksEventLoop() {
        assertThatThrownBy(() -> Services.start(network, List.of(ServiceSpec.of(Kind.IPERF, 0)), ConnectionTable.NONE))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot start iperf on port 0: the iperf3 server runs on the userspace stack's event loop only");
    }

    @Test
    void aTakenPortStopsTheOthersAndNamesTheService() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, JdkStreamNetwork.LOOPBACK)) {
            int port = taken.getLocalPort();
            int[] echoPort = new int[1];
            StreamNetwork recording = new StreamNetwork() { // notes the port the echo service got
                @Override
                public StreamServerSocket listen(int p, int backlog) throws IOException {
                    StreamServerSocket listener = network.listen(p, backlog);
                    if (p == 0) {
                        echoPort[0] = listener.port();
                    }
                    return listener;
                }

                @Override
                public StreamSocket connect(InetSocketAddress remote, Duration timeout) throws IOException {
                    return network.connect(remote, timeout);
                }
            };
            List<ServiceSpec> specs = List.of(ServiceSpec.of(Kind.ECHO, 0),
                    ServiceSpec.forward(port, new InetSocketAddress(JdkStreamNetwork.LOOPBACK, 1)));
            assertThatThrownBy(() -> Services.start(recording, specs, ConnectionTable.NONE))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot start forward to 127.0.0.1:1 on port " + port + ": ");
            assertThatThrownBy(() -> Clients.connect(echoPort[0]).close()).isInstanceOf(ConnectException.class);
        }
    }
}
