package io.tcpstack.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * 1-byte request/response latency against an echo service (RFC 862) on one connection: sends a
 * byte, waits for it to come back, repeats. Prints one JSON object with the percentiles in
 * microseconds. Usage: {@code EchoLatency HOST PORT ROUND_TRIPS}; a tenth as many round trips
 * run first as warm-up and are not counted.
 */
public final class EchoLatency {
    private EchoLatency() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: EchoLatency HOST PORT ROUND_TRIPS");
            System.exit(2);
        }
        int roundTrips = Integer.parseInt(args[2]);
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 5_000);
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            measure(in, out, new long[Math.max(1, roundTrips / 10)]);
            long[] nanos = new long[roundTrips];
            measure(in, out, nanos);
            Arrays.sort(nanos);
            System.out.printf("{\"round_trips\": %d, \"p50_us\": %.1f, \"p99_us\": %.1f, \"max_us\": %.1f}%n",
                    roundTrips, percentile(nanos, 0.50), percentile(nanos, 0.99), nanos[nanos.length - 1] / 1e3);
        }
    }

    private static void measure(InputStream in, OutputStream out, long[] nanos) throws IOException {
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            out.write(i & 0x7F);
            if (in.read() != (i & 0x7F)) {
                throw new IOException("the echo did not return the byte sent");
            }
            nanos[i] = System.nanoTime() - start;
        }
    }

    /** Nearest-rank percentile of sorted nanoseconds, in microseconds. */
    private static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e3;
    }
}
