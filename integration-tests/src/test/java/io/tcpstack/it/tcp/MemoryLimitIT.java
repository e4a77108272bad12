package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.NsThread;
import io.tcpstack.it.TestArtifacts;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The memory limit against the kernel: a client of the character generator that never reads
 * makes the stack's send buffer grow until all buffers together hold {@code --memory-limit};
 * then a new connection is refused with RST while an existing one keeps working, and once the
 * client goes the memory is back and new connections are served again.
 */
@NamespaceTest
class MemoryLimitIT {
    private static final int ECHO = 7;
    private static final int CHARGEN = 19;
    private static final int CURL_COULDNT_CONNECT = 7;
    /** Bounds the wait for the stack to reach a state; the test asserts the state, not the time. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void atTheLimitNewConnectionsAreRefusedAndExistingOnesServed(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).args("--memory-limit", "1m").start(ns, artifacts);
        try (NsThread thread = ns.thread(); Socket echo = KernelClient.connect(thread, STACK, ECHO)) {
            assertEchoes(echo, "before");
            try (Socket hog = KernelClient.connect(thread, STACK, CHARGEN)) { // never reads
                CommandResult refused = curlUntil(ns, r -> r.exitCode() == CURL_COULDNT_CONNECT);
                assertThat(refused.stderr()).as(refused.describe()).contains("Connection refused");
                assertEchoes(echo, "an existing connection keeps its guarantee");
                hog.setSoLinger(true, 0); // RST: the stack frees what the hog held
            }
            CommandResult served = curlUntil(ns, CommandResult::succeeded);
            assertThat(served.stdout()).as(served.describe()).contains("tcpstack");
        }
        assertThat(daemon.stop()).isZero();
        Map<String, Long> tcp = daemon.counters("tcp");
        assertThat(tcp.get("Drop_MEMORY_LIMIT")).as("connection requests refused at the limit").isGreaterThanOrEqualTo(1);
        assertThat(tcp.get("MemoryPressures")).isGreaterThanOrEqualTo(1);
    }

    /** Runs curl against the HTTP service until its result passes {@code done}; fails after {@link #PATIENCE}. */
    private static CommandResult curlUntil(NetNs ns, Predicate<CommandResult> done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        CommandResult last;
        do {
            last = ns.exec("curl", "-sSv", "--max-time", "10", "http://" + STACK + "/");
        } while (!done.test(last) && System.nanoTime() < deadline);
        assertThat(done.test(last)).as(last.describe()).isTrue();
        return last;
    }

    private static void assertEchoes(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(bytes);
        assertThat(socket.getInputStream().readNBytes(bytes.length)).isEqualTo(bytes);
    }
}
