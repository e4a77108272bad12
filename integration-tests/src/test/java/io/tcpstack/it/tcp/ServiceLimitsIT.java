package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static io.tcpstack.it.tcp.TcpTesting.LOG_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.NsThread;
import io.tcpstack.it.TestArtifacts;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Services that cannot be pinned, against the kernel: an idle timeout closes a silent connection
 * with a FIN while a client that keeps reading stays served, and a connection over a service's
 * cap is refused (reset; HTTP answers 503).
 */
@NamespaceTest
class ServiceLimitsIT {
    private static final int ECHO = 7;
    private static final int CHARGEN = 19;

    @Test
    void aSilentEchoClientGetsAFinAndAChargenClientThatReadsIsKept(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).args("--log-level", "debug",
                "--service-idle-timeout", "echo=1s", "--service-idle-timeout", "chargen=1s").start(ns, artifacts);
        try (NsThread thread = ns.thread();
             Socket echo = KernelClient.connect(thread, STACK, ECHO);
             Socket chargen = KernelClient.connect(thread, STACK, CHARGEN)) {
            echo.getOutputStream().write('x');
            assertThat(echo.getInputStream().read()).isEqualTo('x');
            daemon.awaitLine(TcpTesting.transition(STACK + ":" + ECHO, KernelClient.local(echo), "ESTABLISHED",
                    "FIN_WAIT_1"), LOG_TIMEOUT);
            assertThat(echo.getInputStream().read()).as("the idle echo's FIN, not an RST").isEqualTo(-1);

            InputStream in = chargen.getInputStream();
            byte[] chunk = new byte[64 * 1024];
            long readUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // three idle timeouts
            while (System.nanoTime() - readUntil < 0) {
                assertThat(in.read(chunk)).as("a reading client is not idle").isPositive();
            }
        }
        String status = ns.exec("curl", "-sS", "--fail", "--max-time", "20", "http://" + STACK + "/")
                .requireSuccess().stdout();
        assertThat(status).contains("echo on port 7 (refused at the cap: 0, closed idle: 1)")
                .contains("chargen on port 19\n");
        assertThat(daemon.stop()).isZero();
    }

    @Test
    void aConnectionOverAServicesCapIsRefused(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR)
                .args("--log-level", "debug", "--service-connections", "echo=1", "--service-connections", "http=1").start(ns, artifacts);
        try (NsThread thread = ns.thread()) {
            try (Socket served = KernelClient.connect(thread, STACK, ECHO)) {
                // the echo proves the first connection holds the slot before the second one opens: with
                // several queues, two connections opened at once reach the cap in either order
                assertEchoes(served, 'x');
                // the reset follows the handshake at once: it may reach the client inside connect()
                Throwable refusal = catchThrowable(() -> {
                    try (Socket refused = KernelClient.connect(thread, STACK, ECHO)) {
                        refused.getInputStream().read();
                    }
                });
                while (refusal != null && refusal.getCause() != null) {
                    refusal = refusal.getCause();
                }
                assertThat(refusal).isInstanceOf(SocketException.class).hasMessageContaining("reset");
                served.shutdownOutput();
                assertThat(served.getInputStream().read()).as("echo's FIN").isEqualTo(-1);
                // the slot is free once the connection is closed, when the stack has the ACK of its FIN
                daemon.awaitLine(TcpTesting.transition(STACK + ":" + ECHO, KernelClient.local(served), "LAST_ACK",
                        "CLOSED"), LOG_TIMEOUT);
            }
            try (Socket again = KernelClient.connect(thread, STACK, ECHO)) {
                assertEchoes(again, 'y');
                again.shutdownOutput();
                assertThat(again.getInputStream().read()).as("served: echo's FIN, not an RST").isEqualTo(-1);
            }

            try (Socket held = KernelClient.connect(thread, STACK, 80)) {
                held.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(statusLine(held.getInputStream())).isEqualTo("HTTP/1.1 200 OK");
                // the connection persists and holds HTTP's one slot
                CommandResult curl = ns.exec("curl", "-sS", "--max-time", "20", "-o", "/dev/null", "-w", "%{http_code}",
                        "http://" + STACK + "/");
                assertThat(curl.succeeded()).as(curl.describe()).isTrue();
                assertThat(curl.stdout()).isEqualTo("503");
            }
        }
        assertThat(daemon.stop()).isZero();
    }

    private static void assertEchoes(Socket socket, char c) throws IOException {
        socket.getOutputStream().write(c);
        assertThat(socket.getInputStream().read()).as("served: the byte echoed").isEqualTo(c);
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            assertThat(c).as("a status line before the end of stream").isNotNegative();
            line.append((char) c);
        }
        return line.toString().strip();
    }
}
