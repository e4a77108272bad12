package io.tcpstack.it.containers;

import static io.tcpstack.it.containers.RoutedStack.STACK_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The daemon's TCP services in Docker, from {@code curl} and {@code nc}: inside the daemon's own
 * container, and from a second container through the daemon container's kernel as a router.
 */
@ExtendWith(RequiresDocker.class)
class ContainerTcpIT {

    /** Size of the download: large enough for many windows, loss recovery and a slow start. */
    private static final long DOWNLOAD_BYTES = 10L * 1024 * 1024;
    /** A port no service of the daemon listens on. */
    private static final int CLOSED_PORT = 81;
    /** curl's exit code for "Failed to connect" (a timeout would be 28). */
    private static final int CURL_COULDNT_CONNECT = 7;

    private static RoutedStack stack;

    @BeforeAll
    static void startStack() {
        stack = RoutedStack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void statusPageAndEchoInsideTheDaemonContainer() {
        ExecResult page = stack.inDaemon("curl", "-sS", "--max-time", "10", "-o", "/dev/null",
                "-w", "%{http_code}", "http://" + STACK_ADDRESS + "/");
        assertThat(page.getStdout()).as("HTTP status (stderr: %s)", page.getStderr()).isEqualTo("200");

        ExecResult echo = stack.inDaemon("/bin/sh", "-ec",
                "echo 'hello through tcpstack' | nc -N -w 10 " + STACK_ADDRESS + " 7");
        assertThat(echo.getStdout()).as("echo (stderr: %s)", echo.getStderr()).isEqualTo("hello through tcpstack\n");
    }

    @Test
    void tenMebibyteDownloadThroughTheRouterArrivesIntact() {
        ExecResult download = stack.inClientShell("curl -sS --connect-timeout 10 --max-time 120 -o /tmp/body"
                + " http://" + STACK_ADDRESS + "/bytes/" + DOWNLOAD_BYTES
                + " && wc -c </tmp/body && sha256sum </tmp/body");

        assertThat(download.getExitCode()).as("curl: %s", download.getStderr()).isZero();
        assertThat(download.getStdout().lines().toList())
                .containsExactly(Long.toString(DOWNLOAD_BYTES), patternSha256(DOWNLOAD_BYTES) + "  -");
    }

    @Test
    void echoRoundTripThroughTheRouter() {
        ExecResult echo = stack.inClientShell("head -c 1000000 /dev/urandom >/tmp/sent"
                + " && { nc -N -w 10 " + STACK_ADDRESS + " 7 </tmp/sent >/tmp/received"
                + " || { echo \"nc exited with $?\" >&2; exit 1; }; }"
                + " && cmp /tmp/sent /tmp/received && wc -c </tmp/received");

        assertThat(echo.getExitCode()).as("nc or cmp: %s", echo.getStderr()).isZero();
        assertThat(echo.getStdout().strip()).isEqualTo("1000000");
    }

    @Test
    void connectionToAClosedPortIsRefused() {
        ExecResult refused = stack.inClient("curl", "-sS", "--max-time", "10",
                "http://" + STACK_ADDRESS + ":" + CLOSED_PORT + "/");

        assertThat(refused.getExitCode()).as("curl exit code (stderr: %s)", refused.getStderr())
                .isEqualTo(CURL_COULDNT_CONNECT);
    }

    /**
     * SHA-256 of the first {@code length} bytes of the HTTP service's {@code /bytes/N} pattern,
     * computed here from its definition (byte {@code i} is {@code i mod 251}) as an independent
     * oracle.
     */
    private static String patternSha256(long length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] period = new byte[251];
            for (int i = 0; i < period.length; i++) {
                period[i] = (byte) i;
            }
            for (long done = 0; done < length; done += period.length) {
                sha.update(period, 0, (int) Math.min(period.length, length - done));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is missing from this JDK", e);
        }
    }
}
