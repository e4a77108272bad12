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
 * appears. Usage: {@code ConnectionScale HOST PORT COUNT SOURCE_ADDRESS RELEASE_FILE}.
 */
public final class ConnectionScale {
    /** Connects (or echo checks) in flight at once, per client: six clients stay below a listen backlog of 128. */
    private static final int IN_FLIGHT = 16;
    private static final int TIMEOUT_MILLIS = 10_000;

    private ConnectionScale() {
    }

    /** One step done on a connection; a failure counts, it does not stop the run. */
    @FunctionalInterface
    private interface Step {
        void run(int i) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: ConnectionScale HOST PORT COUNT SOURCE_ADDRESS RELEASE_FILE");
            System.exit(2);
        }
        InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        Socket[] sockets = new Socket[Integer.parseInt(args[2])];
        InetSocketAddress source = new InetSocketAddress(args[3], 0);
        long start = System.nanoTime();
        int failedOpens = forEach(sockets.length, i -> {
            Socket socket = new Socket();
            socket.bind(source);
            socket.connect(server, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            sockets[i] = socket;
        });
        double openSeconds = (System.nanoTime() - start) / 1e9;
        int failedEchoes = forEach(sockets.length, i -> {
            if (sockets[i] == null) {
                throw new IOException("not open");
            }
            sockets[i].getOutputStream().write('x');
            if (sockets[i].getInputStream().read() != 'x') {
                throw new IOException("no echo");
            }
        });
        System.out.printf("{\"opened\": %d, \"open_seconds\": %.3f, \"echoed\": %d}%n",
                sockets.length - failedOpens, openSeconds, sockets.length - failedEchoes);
        System.out.flush();
        Path release = Path.of(args[4]);
        while (!Files.exists(release)) {
            Thread.sleep(100);
        }
        for (Socket socket : sockets) {
            if (socket != null) {
                socket.close();
            }
        }
    }

    /** Runs {@code step} for 0..count-1 with {@link #IN_FLIGHT} at a time; returns how many failed. */
    private static int forEach(int count, Step step) throws InterruptedException {
        AtomicInteger failed = new AtomicInteger();
        Semaphore slots = new Semaphore(IN_FLIGHT);
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
