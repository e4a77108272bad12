package io.tcpstack.it.tcp;

import io.tcpstack.it.CommandResult;
import io.tcpstack.it.NetNs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * What the TCP integration tests share: scripts, files with known content, and log-line patterns
 * (public for the tests of other packages that drive the same clients and servers).
 */
public final class TcpTesting {

    /** 100 MiB: the size of the bulk transfers. */
    static final long HUNDRED_MIB = 100L * 1024 * 1024;
    /** Bound on one bulk transfer of {@link #HUNDRED_MIB} on a shared, possibly busy machine. */
    static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(90);
    /** Bound on waiting for one log line that follows from a step the test has just taken. */
    static final Duration LOG_TIMEOUT = Duration.ofSeconds(20);
    /** The MSL the teardown tests run the daemon with, so TIME_WAIT (2 MSL) ends within the test. */
    static final String SHORT_MSL = "500ms";

    private TcpTesting() {
    }

    /** @return the path of {@code name}, a resource next to these tests */
    public static Path script(String name) {
        try {
            return Path.of(TcpTesting.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test resource " + name, e);
        }
    }

    /** Runs {@code script} with {@code bash -c} inside {@code ns} (for redirections and pipes). */
    static CommandResult bash(NetNs ns, Duration timeout, String script) {
        return ns.exec(timeout, "bash", "-c", script);
    }

    /** Writes {@code size} pseudo-random bytes (reproducible from {@code seed}) to {@code file}. */
    public static Path randomFile(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
        return file;
    }

    /** @return the lowercase hex SHA-256 of {@code file}'s content */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** @return the lowercase hex SHA-256 of {@code bytes} */
    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /**
     * @return the daemon's debug line for one transition of the connection {@code local} -
     *         {@code peer} (both {@code address:port}), e.g.
     *         {@code 10.0.0.2:13 > 10.0.0.1:41522 FIN_WAIT_1 -> FIN_WAIT_2 (ACK 5001 acknowledged our FIN)}
     */
    static Pattern transition(String local, String peer, String from, String to) {
        return Pattern.compile(Pattern.quote(local + " > " + peer + " " + from + " -> " + to + " (") + ".*\\)$");
    }
}
