package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.KERNEL;
import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static io.tcpstack.it.tcp.KernelClient.SOCKET_TIMEOUT;
import static io.tcpstack.it.tcp.TcpTesting.LOG_TIMEOUT;
import static io.tcpstack.it.tcp.TcpTesting.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.KernelSockets;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.NsThread;
import io.tcpstack.it.TestArtifacts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --forward 8080=10.0.0.1:9000}: the stack accepts on 8080 and actively opens a connection
 * to a kernel-side server in the namespace, then relays both ways. The client, the server and
 * the stack's two connections are all observed: data both ways, a half-close passed through
 * (the kernel client in FIN_WAIT_2 while the server sits in CLOSE_WAIT), and a reset passed
 * through as a reset.
 */
@NamespaceTest
class ForwardIT {

    private static final int FORWARDED = 8080;
    private static final int SERVER_PORT = 9000;
    /** Bytes each side sends. */
    private static final int BYTES = 1 << 20;

    @Test
    void dataFlowsBothWaysAndTheHalfCloseIsPassedThrough(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = forwardingDaemon(ns, artifacts);
        byte[] request = random(1);
        byte[] reply = random(2);
        try (NsThread thread = ns.thread(); ServerSocket server = listen(thread)) {
            try (Socket client = KernelClient.connect(thread, STACK, FORWARDED); Socket upstream = accept(server)) {
                String clientEnd = KernelClient.local(client);
                String stackFront = STACK + ":" + FORWARDED;
                String stackBack = KernelClient.remote(upstream);
                String serverEnd = KERNEL + ":" + SERVER_PORT;

                Future<?> sending = send(client, request, true);
                byte[] arrived = upstream.getInputStream().readAllBytes();
                sending.get(SOCKET_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Future<?> replying = send(upstream, reply, false);
                byte[] answered = client.getInputStream().readNBytes(reply.length);
                replying.get(SOCKET_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                KernelSockets halfClosed = KernelSockets.of(ns);

                assertThat(arrived).as("client to server, up to the relayed end of stream").isEqualTo(request);
                assertThat(answered).as("server to client after the client's half-close").isEqualTo(reply);
                assertThat(halfClosed.state(clientEnd, stackFront)).as(halfClosed.describe()).contains("FIN-WAIT-2");
                assertThat(halfClosed.state(serverEnd, stackBack)).as(halfClosed.describe()).contains("CLOSE-WAIT");

                upstream.close();

                assertThat(client.getInputStream().read()).as("end of stream relayed to the client").isEqualTo(-1);
                daemon.awaitLine(transition(stackFront, clientEnd, "LAST_ACK", "CLOSED"), LOG_TIMEOUT);
                daemon.awaitLine(transition(stackBack, serverEnd, "TIME_WAIT", "CLOSED"), LOG_TIMEOUT);
                KernelSockets closed = KernelSockets.of(ns);

                assertThat(closed.state(clientEnd, stackFront)).as(closed.describe()).contains("TIME-WAIT");
                assertThat(daemon.lines()).anyMatch(transition(stackBack, serverEnd, "CLOSED", "SYN_SENT").asPredicate())
                        .anyMatch(transition(stackBack, serverEnd, "SYN_SENT", "ESTABLISHED").asPredicate())
                        .anyMatch(transition(stackBack, serverEnd, "FIN_WAIT_2", "TIME_WAIT").asPredicate());
            }
        }
        assertThat(daemon.stop()).isZero();
        assertThat(daemon.counters("tcp")).containsEntry("ActiveOpens", 1L).containsEntry("PassiveOpens", 1L);
    }

    @Test
    void aResetFromTheClientReachesTheServerAsAReset(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = forwardingDaemon(ns, artifacts);
        try (NsThread thread = ns.thread(); ServerSocket server = listen(thread)) {
            try (Socket client = KernelClient.connect(thread, STACK, FORWARDED); Socket upstream = accept(server)) {
                client.getOutputStream().write(1);
                assertThat(upstream.getInputStream().read()).isEqualTo(1);

                client.setSoLinger(true, 0);
                client.close(); // with linger 0: RST instead of FIN

                assertThatThrownBy(() -> upstream.getInputStream().read()).isInstanceOf(SocketException.class)
                        .hasMessageContaining("reset");
            }
        }
        assertThat(daemon.stop()).isZero();
    }

    private static DaemonProcess forwardingDaemon(NetNs ns, TestArtifacts artifacts) throws InterruptedException {
        return DaemonProcess.builder(TUN, STACK_CIDR)
                .args("--forward", FORWARDED + "=" + KERNEL + ":" + SERVER_PORT,
                        "--msl", TcpTesting.SHORT_MSL, "--log-level", "debug")
                .start(ns, artifacts);
    }

    /** A kernel-side server on 10.0.0.1:9000 in the namespace (the address exists once the daemon is up). */
    private static ServerSocket listen(NsThread thread) throws IOException {
        ServerSocket server = thread.call(SOCKET_TIMEOUT,
                () -> new ServerSocket(SERVER_PORT, 1, InetAddress.getByName(KERNEL)));
        server.setSoTimeout((int) SOCKET_TIMEOUT.toMillis());
        return server;
    }

    /**
     * Writes {@code bytes} on a thread of its own, so the test can read the other end meanwhile,
     * then half-closes when {@code thenShutdown} (like {@code nc -N}).
     */
    private static Future<?> send(Socket socket, byte[] bytes, boolean thenShutdown) {
        return CompletableFuture.runAsync(() -> {
            try {
                socket.getOutputStream().write(bytes);
                if (thenShutdown) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** @return the server's connection from the stack, which the stack opens once it accepted the client's */
    private static Socket accept(ServerSocket server) throws IOException {
        Socket upstream = server.accept();
        upstream.setSoTimeout((int) SOCKET_TIMEOUT.toMillis());
        return upstream;
    }

    private static byte[] random(long seed) {
        byte[] bytes = new byte[BYTES];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
