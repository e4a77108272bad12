package io.tcpstack.it.impaired;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.daemon.services.BytesPattern;
import io.tcpstack.it.CommandResult;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.tcp.TcpTesting;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which way the bulk data flows between the client and a server, and how {@code curl} moves and
 * checks it: a download is {@code GET /bytes/N} with the SHA-256 of the body compared against the
 * pattern's; an upload is {@code POST /sink} of a random file, the server answering its length and
 * SHA-256. Both servers (the stack's HTTP service, {@code kernel_http.py}) serve the same endpoints.
 *
 * <p>Each transfer is bounded: curl gives up when fewer than 1 KiB/s arrive for 150 s (a stall: longer
 * than six back-to-back RTO backoffs from 1 s, which 10 % loss in both directions produces now and then), and
 * after {@link #TIMEOUT_PROPERTY} seconds in all (default {@value #DEFAULT_TIMEOUT_SECONDS}); the
 * command itself is killed 30 s after that.
 */
enum Direction {
    DOWNLOAD {
        @Override
        Payload prepare(long bytes, Path dir) {
            return new Payload(bytes, BytesPattern.sha256Hex(bytes), null);
        }

        @Override
        Goodput run(NetNs client, String baseUrl, Payload payload) {
            CommandResult curl = bash(client, "set -o pipefail; " + curl() + " " + baseUrl + "/bytes/" + payload.bytes()
                    + " | sha256sum");
            Goodput goodput = figures(curl, payload);
            assertThat(curl.stdout().strip()).as(curl.describe()).isEqualTo(payload.sha() + "  -");
            return goodput;
        }
    },
    UPLOAD {
        @Override
        Payload prepare(long bytes, Path dir) throws IOException {
            Path file = TcpTesting.randomFile(dir.resolve("upload-" + bytes), bytes, bytes);
            return new Payload(bytes, TcpTesting.sha256(file), file);
        }

        /** {@code Expect:} off, so neither server's handling of 100-continue enters the figure. */
        @Override
        Goodput run(NetNs client, String baseUrl, Payload payload) {
            CommandResult curl = bash(client, curl() + " -H Expect: --data-binary @" + payload.file() + " " + baseUrl + "/sink");
            Goodput goodput = figures(curl, payload);
            assertThat(curl.stdout().strip()).as(curl.describe()).isEqualTo(payload.bytes() + " " + payload.sha());
            return goodput;
        }
    };

    /** System property: bound on one transfer in seconds. */
    static final String TIMEOUT_PROPERTY = "impaired.timeout";
    static final long DEFAULT_TIMEOUT_SECONDS = 420;
    /** curl's figure on standard error (after its own messages, if any): total seconds. */
    private static final Pattern FIGURES = Pattern.compile("^figures ([0-9.]+)$", Pattern.MULTILINE);

    /**
     * What one test moves, the same for the stack and the kernel.
     *
     * @param bytes payload size
     * @param sha   lowercase hex SHA-256 of the payload
     * @param file  the upload's content, {@code null} for a download
     */
    record Payload(long bytes, String sha, Path file) {
    }

    /** Makes the payload of a transfer of {@code bytes} (an upload writes its file into {@code dir}). */
    abstract Payload prepare(long bytes, Path dir) throws IOException;

    /** Moves {@code payload} between {@code client} and the server at {@code baseUrl}, and checks every byte. */
    abstract Goodput run(NetNs client, String baseUrl, Payload payload);

    private static long timeoutSeconds() {
        return Long.getLong(TIMEOUT_PROPERTY, DEFAULT_TIMEOUT_SECONDS);
    }

    /** Runs {@code script} with {@code bash -c} in {@code ns}, killed 30 s after curl's own bound. */
    private static CommandResult bash(NetNs ns, String script) {
        return ns.exec(Duration.ofSeconds(timeoutSeconds() + 30), "bash", "-c", script);
    }

    /** curl (as shell words), silent but for errors, failing on HTTP errors, bounded, its figures on standard error. */
    private static String curl() {
        return "curl -sS --fail --max-time " + timeoutSeconds() + " --speed-limit 1024 --speed-time 150"
                + " -w '%{stderr}figures %{time_total}\\n'";
    }

    private static Goodput figures(CommandResult curl, Payload payload) {
        assertThat(curl.succeeded()).as(curl.describe()).isTrue();
        Matcher figures = FIGURES.matcher(curl.stderr());
        assertThat(figures.find()).as(curl.describe()).isTrue();
        return new Goodput(payload.bytes(), Double.parseDouble(figures.group(1)));
    }
}
