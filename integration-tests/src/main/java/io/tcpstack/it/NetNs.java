package io.tcpstack.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A uniquely named network namespace ({@code tcps-<random>}) with {@code lo} up, for one test.
 *
 * <p>Commands run inside it with a time bound; background processes started in it are tracked by
 * PID. {@link #close()} kills those processes, removes the interfaces created through this object,
 * kills whatever else still runs in the namespace, and deletes it. A JVM shutdown hook closes every
 * namespace still open as the last resort (e.g. when the test JVM is interrupted).
 */
public final class NetNs implements AutoCloseable {

    /** Prefix of every namespace name the harness creates, so a leak is recognisable in {@code ip netns list}. */
    public static final String PREFIX = "tcps-";

    /** Namespaces created and not yet closed, for the shutdown hook. */
    private static final Set<NetNs> OPEN = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(NetNs::close), "netns-cleanup"));
    }

    /** The namespace's name, unique on the machine; fixed for the object's life. */
    private final String name;
    /** Processes started in it, in start order; every one is stopped by {@link #close()}. Guarded by {@code this}. */
    private final List<BackgroundProcess> processes = new ArrayList<>();
    /** Interfaces created in it through this object; each is deleted by {@link #close()}. Guarded by {@code this}. */
    private final List<String> interfaces = new ArrayList<>();
    /** Set by the first {@link #close()}; guarded by {@code this}. */
    private boolean closed;

    private NetNs(String name) {
        this.name = name;
    }

    /** Creates a new namespace and brings its {@code lo} up. */
    public static NetNs create() {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        String name = PREFIX + HexFormat.of().formatHex(suffix);
        Commands.run(List.of("ip", "netns", "add", name)).requireSuccess();
        NetNs ns = new NetNs(name);
        OPEN.add(ns);
        try {
            ns.ip("link", "set", "lo", "up");
        } catch (RuntimeException | AssertionError e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** @return the bind-mounted namespace file that {@code setns(2)} opens */
    public Path path() {
        return Path.of("/var/run/netns", name);
    }

    /** Runs {@code command} inside the namespace with {@link Commands#DEFAULT_TIMEOUT}. */
    public CommandResult exec(String... command) {
        return exec(Commands.DEFAULT_TIMEOUT, command);
    }

    /** Runs {@code command} inside the namespace; see {@link Commands#run(Duration, List)}. */
    public CommandResult exec(Duration timeout, String... command) {
        return Commands.run(timeout, inside(command));
    }

    /** Runs {@code ip ARGS...} inside the namespace and requires it to succeed. */
    public CommandResult ip(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "ip";
        System.arraycopy(args, 0, command, 1, args.length);
        return exec(command).requireSuccess();
    }

    /**
     * Starts {@code command} in the background inside the namespace, its merged output copied to
     * {@code logFile}. It is stopped (SIGTERM, then SIGKILL) when the namespace closes.
     */
    public synchronized BackgroundProcess spawn(Path logFile, String... command) {
        requireOpen();
        BackgroundProcess process = BackgroundProcess.start(inside(command), logFile);
        processes.add(process);
        return process;
    }

    /** Creates a persistent TUN interface {@code name} (not up, no address); deleted on close. */
    public void addTun(String ifname) {
        ip("tuntap", "add", "dev", ifname, "mode", "tun");
        track(ifname);
    }

    /**
     * Creates a veth pair, {@code ifname} here and {@code peerIfname} in {@code peer}, both up;
     * deleted on close of either namespace.
     */
    public void addVeth(String ifname, NetNs peer, String peerIfname) {
        ip("link", "add", ifname, "type", "veth", "peer", "name", peerIfname, "netns", peer.name());
        track(ifname);
        ip("link", "set", ifname, "up");
        peer.ip("link", "set", peerIfname, "up");
    }

    /** Adds {@code cidr} (e.g. {@code 10.0.0.1/24}) to {@code ifname}. */
    public void addAddress(String ifname, String cidr) {
        ip("addr", "add", cidr, "dev", ifname);
    }

    /** @return whether an interface {@code ifname} exists in the namespace */
    public boolean hasInterface(String ifname) {
        return exec("ip", "link", "show", "dev", ifname).succeeded();
    }

    /** Starts a platform thread that has joined this namespace; see {@link NsThread}. */
    public NsThread thread() {
        return NsThread.start(this);
    }

    private synchronized void track(String ifname) {
        interfaces.add(ifname);
    }

    private synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException("namespace " + name + " is closed");
        }
    }

    private List<String> inside(String... command) {
        return Stream.concat(Stream.of("ip", "netns", "exec", name), Arrays.stream(command)).toList();
    }

    /**
     * Stops every process started here, deletes the interfaces created here, kills any other
     * process still in the namespace (by PID) and deletes the namespace. Idempotent.
     *
     * @throws IllegalStateException when the namespace could not be deleted
     */
    @Override
    public void close() {
        List<BackgroundProcess> started;
        List<String> created;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            started = List.copyOf(processes);
            created = List.copyOf(interfaces);
        }
        try {
            started.reversed().forEach(BackgroundProcess::close);
            created.forEach(ifname -> exec("ip", "link", "del", "dev", ifname));
            killRemainingProcesses();
            CommandResult deleted = Commands.run(List.of("ip", "netns", "del", name));
            if (!deleted.succeeded() || Files.exists(path())) {
                throw new IllegalStateException("namespace " + name + " was not deleted: " + deleted.describe());
            }
        } finally {
            OPEN.remove(this);
        }
    }

    private void killRemainingProcesses() {
        CommandResult pids = Commands.run(List.of("ip", "netns", "pids", name));
        pids.stdout().lines().map(String::strip).filter(s -> !s.isEmpty())
                .map(Long::parseLong)
                .flatMap(pid -> ProcessHandle.of(pid).stream())
                .forEach(Processes::killTree);
    }

    @Override
    public String toString() {
        return name;
    }
}
