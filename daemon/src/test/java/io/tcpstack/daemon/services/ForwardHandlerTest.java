package io.tcpstack.daemon.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ForwardHandlerTest {
    private final JdkStreamNetwork network = new JdkStreamNetwork();
    /** The target of the forward: a plain JDK listener the test accepts on itself. */
    private ServerSocket target;
    private RunningService forward;

    @BeforeEach
    void start() throws IOException {
        target = new ServerSocket(0, 50, JdkStreamNetwork.LOOPBACK);
        forward = startForwardTo(target.getLocalPort());
    }

    private RunningService startForwardTo(int port) throws IOException {
        return startForwardTo(port, Duration.ZERO);
    }

    private RunningService startForwardTo(int port, Duration idleTimeout) throws IOException {
        InetSocketAddress address = new InetSocketAddress(JdkStreamNetwork.LOOPBACK, port);
        return RunningService.start("forward", network, 0, new ForwardHandler(network, address, idleTimeout),
                ServiceLimits.NONE);
    }

    private void restartWithIdleTimeout(Duration idleTimeout) throws IOException {
        forward.close();
        forward = startForwardTo(target.getLocalPort(), idleTimeout);
    }

    @AfterEach
    void stop() throws IOException {
        forward.close();
        target.close();
    }

    private Socket acceptAtTarget() throws IOException {
        Socket socket = target.accept();
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String read(Socket socket, int n) throws IOException {
        return new String(socket.getInputStream().readNBytes(n), StandardCharsets.US_ASCII);
    }

    @Test
    void relaysToAnEchoServerBothWaysWithHalfClose() throws Exception {
        CompletableFuture<Void> echo = Clients.inBackground(() -> {
            try (Socket backend = acceptAtTarget()) {
                backend.getInputStream().transferTo(backend.getOutputStream());
                backend.shutdownOutput(); // echo's half-close must reach the client as end of stream
            }
        });
        byte[] data = Clients.randomBytes(4 << 20, 5);
        try (Socket client = Clients.connect(forward.port())) {
            CompletableFuture<Void> writer = Clients.inBackground(() -> {
                client.getOutputStream().write(data);
                client.shutdownOutput();
            });
            assertThat(Clients.readAll(client.getInputStream())).isEqualTo(data);
            writer.join();
        }
        echo.join();
    }

    @Test
    void halfClosesPassThroughEachWay() throws Exception {
        try (Socket client = Clients.connect(forward.port()); Socket backend = acceptAtTarget()) {
            write(client, "hello");
            assertThat(read(backend, 5)).isEqualTo("hello");
            client.shutdownOutput();
            assertThat(backend.getInputStream().read()).isEqualTo(-1);
            write(backend, "still open"); // the other direction goes on
            assertThat(read(client, 10)).isEqualTo("still open");
            backend.shutdownOutput();
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aResetFromTheTargetReachesTheClientAsAReset() throws Exception {
        try (Socket client = Clients.connect(forward.port()); Socket backend = acceptAtTarget()) {
            write(client, "x");
            assertThat(read(backend, 1)).isEqualTo("x");
            JdkStreamNetwork.abort(backend);
            InputStream in = client.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    void aResetFromTheClientReachesTheTargetAsAReset() throws Exception {
        try (Socket client = Clients.connect(forward.port()); Socket backend = acceptAtTarget()) {
            write(backend, "y");
            assertThat(read(client, 1)).isEqualTo("y");
            JdkStreamNetwork.abort(client);
            InputStream in = backend.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    void anUnreachableTargetAbortsTheAcceptedConnection() throws Exception {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, JdkStreamNetwork.LOOPBACK)) {
            closedPort = gone.getLocalPort();
        }
        try (RunningService nowhere = startForwardTo(closedPort); Socket client = Clients.connect(nowhere.port())) {
            InputStream in = client.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    void aRelayIdleInBothDirectionsIsClosedWithAFinOnBothSides() throws Exception {
        restartWithIdleTimeout(Duration.ofMillis(300));
        try (Socket client = Clients.connect(forward.port()); Socket backend = acceptAtTarget()) {
            write(client, "x");
            assertThat(read(backend, 1)).isEqualTo("x");
            assertThat(client.getInputStream().read()).as("FIN to the client").isEqualTo(-1);
            assertThat(backend.getInputStream().read()).as("FIN to the target").isEqualTo(-1);
        }
    }

    @Test
    void trafficInOneDirectionKeepsTheQuietOneOpen() throws Exception {
        restartWithIdleTimeout(Duration.ofSeconds(1));
        try (Socket client = Clients.connect(forward.port()); Socket backend = acceptAtTarget()) {
            CompletableFuture<Void> download = Clients.inBackground(() -> {
                for (int i = 0; i < 15; i++) { // 1.5 s of a byte every 100 ms: the client never sends
                    write(backend, "d");
                    try {
                        Thread.sleep(100); // paces the traffic; nothing waits on it
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                backend.shutdownOutput();
            });
            assertThat(new String(Clients.readAll(client.getInputStream()), StandardCharsets.US_ASCII))
                    .as("every byte, then the target's FIN").isEqualTo("d".repeat(15));
            download.join();
        }
    }
}
