package io.tcpstack.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code tcpstack run} daemon running inside a namespace: started from the jar named by the
 * system property {@code tcpstack.jar}, its log in the test's artifacts ({@code daemon.log}, and
 * {@code capture.pcap} with {@link Builder#pcap()}).
 */
public final class DaemonProcess implements AutoCloseable {

    /** The line the daemon logs once its interface is up and its services listen (daemon's RunningStack). */
    public static final Pattern STARTUP_LINE = Pattern.compile("tcpstack up: interface ");

    /** Bound on start-up: JVM start plus interface set-up on a shared, possibly busy machine. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /** The daemon process; stopped with the namespace at the latest. */
    private final BackgroundProcess process;
    /** Where its packet capture goes, when one was asked for. */
    private final Optional<Path> pcap;

    private DaemonProcess(BackgroundProcess process, Optional<Path> pcap) {
        this.process = process;
        this.pcap = pcap;
    }

    /** @return a builder of {@code tcpstack run --tun TUN --address ADDRESS} */
    public static Builder builder(String tun, String address) {
        return new Builder(tun, address);
    }

    /** @return the runnable jar the build produced */
    public static Path jar() {
        return buildOutput("tcpstack.jar", "daemon");
    }

    /**
     * @return the file a module built, named by the system property {@code property} that failsafe sets
     * @throws IllegalStateException when the property is not set or the file does not exist
     */
    public static Path buildOutput(String property, String module) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (run through Maven failsafe)");
        }
        Path file = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " does not exist: build the " + module + " module first");
        }
        return file;
    }

    /**
     * @return {@code java --enable-native-access=ALL-UNNAMED -jar JAR} with this JVM's own java, as
     *         the {@code tcpstack} launcher runs it (on JDK 23+ also allowing Netty's use of
     *         {@code sun.misc.Unsafe}, which the JVM otherwise warns about)
     */
    public static List<String> javaJar() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", jar().toString()));
        return List.copyOf(command);
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return process.logFile();
    }

    public Optional<Path> pcap() {
        return pcap;
    }

    /** @return every line the daemon has logged so far */
    public List<String> lines() {
        return process.lines();
    }

    /** Waits (woken by each log line) for a line matching {@code pattern}; see {@link BackgroundProcess#awaitLine}. */
    public String awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        return process.awaitLine(pattern, timeout);
    }

    /**
     * The counters of one layer as the daemon logged them when it stopped, from its line
     * {@code LAYER counters: Name=value Name=value ...} (daemon's RunningStack).
     *
     * @param layer {@code ipv4}, {@code icmp}, {@code tcp} or {@code tun}: with several queues their
     *              sums; {@code queue N tcp} and so on for one queue's
     * @throws AssertionError when the daemon logged no such line (it has not stopped yet)
     */
    public Map<String, Long> counters(String layer) {
        // "tcp" is the line of all queues together, "queue 1 tcp" one queue's
        Pattern line = Pattern.compile("(?:^| - )" + Pattern.quote(layer) + " counters: (.*)$");
        Map<String, Long> counters = new LinkedHashMap<>();
        Matcher matcher = lines().stream().map(line::matcher).filter(Matcher::find).findFirst()
                .orElseThrow(() -> new AssertionError("the daemon logged no '" + layer + " counters:' line"
                        + " (counters are logged when it stops); log: " + logFile()));
        for (String counter : matcher.group(1).strip().split(" ")) {
            int equals = counter.indexOf('=');
            counters.put(counter.substring(0, equals), Long.parseLong(counter.substring(equals + 1)));
        }
        return counters;
    }

    /** Sends SIGTERM, waits for the daemon to exit, and returns its exit code. */
    public int stop() throws InterruptedException {
        return process.terminate();
    }

    @Override
    public void close() {
        process.close();
    }

    /** The daemon's command line, built option by option. */
    public static final class Builder {

        /** Arguments after {@code run}, in order. */
        private final List<String> args = new ArrayList<>();
        /** Whether {@code --pcap} is passed. */
        private boolean pcap;
        /** What runs the daemon, {@code run ...} following; null: {@link #javaJar()}. */
        private List<String> launcher;

        private Builder(String tun, String address) {
            args.addAll(List.of("--tun", tun, "--address", address));
        }

        /** Adds {@code --peer-address ADDRESS}: the kernel side's address on the TUN. */
        public Builder peerAddress(String address) {
            return args("--peer-address", address);
        }

        /** Adds {@code --mtu MTU}. */
        public Builder mtu(int mtu) {
            return args("--mtu", Integer.toString(mtu));
        }

        /** Adds {@code --pcap} with {@code capture.pcap} in the test's artifacts. */
        public Builder pcap() {
            pcap = true;
            return this;
        }

        /** Runs the daemon with {@code launcher} (e.g. a distribution's {@code bin/tcpstack}) instead of the jar. */
        public Builder launcher(Path launcher) {
            this.launcher = List.of(launcher.toString());
            return this;
        }

        /** Adds further arguments verbatim. */
        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** @return the full command line after {@code java -jar JAR} (or the launcher) */
        List<String> runArgs(Optional<Path> pcapFile) {
            List<String> all = new ArrayList<>(List.of("run"));
            all.addAll(args);
            pcapFile.ifPresent(file -> all.addAll(List.of("--pcap", file.toString())));
            return all;
        }

        /**
         * Starts the daemon in {@code ns} and waits until it logged {@link #STARTUP_LINE}.
         *
         * @throws AssertionError when it exits or stays silent for {@link #STARTUP_TIMEOUT} first
         */
        public DaemonProcess start(NetNs ns, TestArtifacts artifacts) throws InterruptedException {
            Optional<Path> pcapFile = pcap ? Optional.of(artifacts.file("capture.pcap")) : Optional.empty();
            List<String> command = new ArrayList<>(launcher != null ? launcher : javaJar());
            command.addAll(runArgs(pcapFile));
            BackgroundProcess process = ns.spawn(artifacts.file("daemon.log"), command.toArray(String[]::new));
            DaemonProcess daemon = new DaemonProcess(process, pcapFile);
            daemon.awaitLine(STARTUP_LINE, STARTUP_TIMEOUT);
            return daemon;
        }
    }
}
