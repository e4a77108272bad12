package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static io.tcpstack.it.tcp.TcpTesting.LOG_TIMEOUT;
import static io.tcpstack.it.tcp.TcpTesting.transition;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.KernelSockets;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.NsThread;
import io.tcpstack.it.TestArtifacts;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The 4-way teardown seen from both ends (RFC 9293 §3.6, Figure 5): the kernel's own view with
 * {@code ss -tan} in the namespace, and the stack's from its debug transition log and status page.
 * The side that closes first ends in TIME_WAIT; the other passes through CLOSE_WAIT and LAST_ACK.
 */
@NamespaceTest
class TeardownIT {

    /** The echo service: the client closes first, echo closes once it has read the client's FIN. */
    private static final int ECHO = 7;
    /** The daytime service: writes one line and closes first. */
    private static final int DAYTIME = 13;

    @Test
    void whenTheClientClosesFirstTheKernelHoldsTimeWait(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = shortMslDaemon(ns, artifacts);
        String stack = STACK + ":" + ECHO;
        try (NsThread thread = ns.thread(); Socket socket = KernelClient.connect(thread, STACK, ECHO)) {
            String kernel = KernelClient.local(socket);
            socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            byte[] echoed = socket.getInputStream().readNBytes(5);
            socket.close();

            daemon.awaitLine(transition(stack, kernel, "LAST_ACK", "CLOSED"), LOG_TIMEOUT);
            KernelSockets sockets = KernelSockets.of(ns);

            assertThat(new String(echoed, StandardCharsets.US_ASCII)).isEqualTo("ping\n");
            assertThat(sockets.state(kernel, stack)).as(sockets.describe()).contains("TIME-WAIT");
            assertTransitions(daemon, stack, kernel, "LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT",
                    "LAST_ACK", "CLOSED");
        }
        assertThat(daemon.stop()).isZero();
    }

    /**
     * Daytime closes first and the client holds its end open after reading to end of stream: the
     * kernel sits in CLOSE_WAIT while the stack sits in FIN_WAIT_2; once the client closes, the
     * stack passes through TIME_WAIT and is CLOSED after 2 MSL.
     */
    @Test
    void whenDaytimeClosesFirstTheKernelWaitsInCloseWaitAndTheStackInTimeWait(NetNs ns, TestArtifacts artifacts)
            throws Exception {
        DaemonProcess daemon = shortMslDaemon(ns, artifacts);
        String stack = STACK + ":" + DAYTIME;
        try (NsThread thread = ns.thread(); Socket socket = KernelClient.connect(thread, STACK, DAYTIME)) {
            String kernel = KernelClient.local(socket);
            String line = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            daemon.awaitLine(transition(stack, kernel, "FIN_WAIT_1", "FIN_WAIT_2"), LOG_TIMEOUT);
            KernelSockets halfClosed = KernelSockets.of(ns);
            CommandResult halfClosedStatus = statusPage(ns);

            assertThat(line).endsWith(" GMT\r\n").hasLineCount(1);
            assertThat(halfClosed.state(kernel, stack)).as(halfClosed.describe()).contains("CLOSE-WAIT");
            assertThat(halfClosedStatus.stdout()).as(halfClosedStatus.describe())
                    .containsPattern(row("FIN_WAIT_2", stack, kernel));

            socket.close();

            daemon.awaitLine(transition(stack, kernel, "FIN_WAIT_2", "TIME_WAIT"), LOG_TIMEOUT);
            String closed = daemon.awaitLine(transition(stack, kernel, "TIME_WAIT", "CLOSED"), LOG_TIMEOUT);
            CommandResult status = statusPage(ns);

            assertThat(closed).endsWith("(2 MSL elapsed)");
            assertThat(status.stdout()).as(status.describe()).doesNotContain(kernel);
            assertTransitions(daemon, stack, kernel, "LISTEN", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1",
                    "FIN_WAIT_2", "TIME_WAIT", "CLOSED");
        }
        assertThat(daemon.stop()).isZero();
    }

    /** With the default MSL (TIME_WAIT lasts a minute) the stack's status page shows the TIME_WAIT entry. */
    @Test
    void theStackListsItsTimeWaitConnection(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).args("--log-level", "debug").start(ns, artifacts);
        String stack = STACK + ":" + DAYTIME;

        CommandResult nc = ns.exec("nc", "-w", "20", STACK, Integer.toString(DAYTIME));
        String timeWait = daemon.awaitLine(Pattern.compile(Pattern.quote(stack + " > ") + "(\\S+) FIN_WAIT_2 -> TIME_WAIT "),
                LOG_TIMEOUT);
        Matcher peer = Pattern.compile(Pattern.quote(stack + " > ") + "(\\S+) ").matcher(timeWait);
        assertThat(peer.find()).isTrue();
        CommandResult status = statusPage(ns);

        assertThat(nc.succeeded()).as(nc.describe()).isTrue();
        assertThat(status.stdout()).as(status.describe()).containsPattern(row("TIME_WAIT", stack, peer.group(1)));
        assertThat(daemon.stop()).isZero();
    }

    private static DaemonProcess shortMslDaemon(NetNs ns, TestArtifacts artifacts) throws InterruptedException {
        return DaemonProcess.builder(TUN, STACK_CIDR).args("--msl", TcpTesting.SHORT_MSL, "--log-level", "debug")
                .start(ns, artifacts);
    }

    private static CommandResult statusPage(NetNs ns) {
        return ns.exec("curl", "-sS", "--fail", "--max-time", "20", "http://" + STACK + "/").requireSuccess();
    }

    /** A connection-table row of the status page, e.g. {@code TIME_WAIT  0  0 10.0.0.2:13 10.0.0.1:39458}. */
    private static Pattern row(String state, String local, String peer) {
        return Pattern.compile("(?m)^\\s*" + state + "\\s+\\d+\\s+\\d+\\s+" + Pattern.quote(local) + "\\s+"
                + Pattern.quote(peer) + "\\s*$");
    }

    /** Asserts the stack logged exactly these states for the connection, in this order. */
    private static void assertTransitions(DaemonProcess daemon, String stack, String kernel, String... states) {
        Pattern any = Pattern.compile(Pattern.quote(stack + " > " + kernel + " ") + "(\\w+) -> (\\w+) \\(");
        List<String> path = daemon.lines().stream().map(any::matcher).filter(Matcher::find)
                .map(m -> m.group(1) + " -> " + m.group(2)).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i < states.length; i++) {
            expected.add(states[i - 1] + " -> " + states[i]);
        }
        assertThat(path).as("transitions of %s > %s", stack, kernel).containsExactlyElementsOf(expected);
    }
}
