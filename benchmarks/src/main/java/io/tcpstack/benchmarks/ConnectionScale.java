package io.tcpstack.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens many connections to an echo service (RFC 862) from one source address, checks that
 * every one of them echoes a byte, prints one JSON line, and holds them open until a release file
 * appears. Connection {@code i} binds source port {@code FIRST_PORT + i}: an explicit port costs the
 * kernel no search for a free one (a bind to port 0 scans the port range, which grows slow as tens
 * of thousands of ports of one address are taken). {@code IN_FLIGHT} connects (or echo checks) run
 * at once. Usage: {@code ConnectionScale HOST PORT COUNT SOURCE_ADDRESS FIRST_PORT IN_FLIGHT RELEASE_FILE}.
 */
public final class ConnectionScale {
    private static final int TIMEOUT_MILLIS = 10_000;

    private ConnectionScale() {
    }

    /** One step done on a connection; a failure counts, it does not stop the run. */
    @FunctionalInterface
    private interface Step {
        void run(int i) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: ConnectionScale HOST PORT COUNT SOURCE_ADDRESS FIRST_PORT IN_FLIGHT RELEASE_FILE");
            System.exit(2);
        }
        InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        Socket[] sockets = new Socket[Integer.parseInt(args[2])];
        String source = args[3];
        int firstPort = Integer.parseInt(args[4]);
        int inFlight = Integer.parseInt(args[5]);
        if (firstPort < 1 || firstPort + sockets.length > 65_536 || inFlight < 1) {
            System.err.println("ConnectionScale: ports " + firstPort + ".." + (firstPort + sockets.length - 1)
                    + " or " + inFlight + " in flight out of range");
            System.exit(2);
        }
        long start = System.nanoTime();
        int failedOpens = forEach(sockets.length, inFlight, i -> {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(source, firstPort + i));
            socket.connect(server, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            sockets[i] = socket;
        });
        double openSeconds = (System.nanoTime() - start) / 1e9;
        int failedEchoes = forEach(sockets.length, inFlight, i -> {
            if (sockets[i] == null) {
                throw new IOException("not open");
            }
            sockets[i].getOutputStream().write('x');
            if (sockets[i].getInputStream().read() != 'x') {
                throw new IOException("no echo");
            }
        });
        double echoSeconds = (System.nanoTime() - start) / 1e9 - openSeconds;
        System.out.printf("{\"opened\": %d, \"open_seconds\": %.3f, \"echoed\": %d, \"echo_seconds\": %.3f}%n",
                sockets.length - failedOpens, openSeconds, sockets.length - failedEchoes, echoSeconds);
        System.out.flush();
        Path release = Path.of(args[6]);
        while (!Files.exists(release)) {
            Thread.sleep(100);
        }
        for (Socket socket : sockets) {
            if (socket != null) {
                socket.close();
            }
        }
    }

    /** Runs {@code step} for 0..count-1 with {@code inFlight} at a time; returns how many failed. */
    private static int forEach(int count, int inFlight, Step step) throws InterruptedException {
        AtomicInteger failed = new AtomicInteger();
        Semaphore slots = new Semaphore(inFlight);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                slots.acquire();
                int index = i;
                threads.execute(() -> {
                    try {
                        step.run(index);
                    } catch (IOException e) {
                        if (failed.incrementAndGet() == 1) {
                            System.err.println("first failure: connection " + index + ": " + e);
                        }
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        return failed.get();
    }
}
