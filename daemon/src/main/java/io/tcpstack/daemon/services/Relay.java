package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.StreamSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Copies bytes both ways between two connected sockets. End of stream on one side becomes a
 * half-close of the other (RFC 9293 §3.6: CLOSE means "I have no more to send"); a failure on
 * either side, a reset included, aborts both, so a reset passes through as a reset. With an idle
 * timeout, once no byte moved in either direction for that long both sockets are closed
 * gracefully (FIN) and {@link #run} throws {@link ConnectionIdleException}: a direction that
 * carries traffic keeps a quiet one open.
 */
final class Relay {
    /** Bytes copied at once. */
    private static final int CHUNK = 16 * 1024;

    private final StreamSocket first;
    private final StreamSocket second;
    private final Duration idleTimeout;
    /** When a byte last moved in either direction ({@link System#nanoTime()}). */
    private volatile long lastProgress = System.nanoTime();
    /** Set before both sockets are closed for idleness. */
    private volatile boolean endedIdle;
    /** The first failure of either direction; once set, both sockets have been aborted. */
    private volatile IOException failure;

    /** @param idleTimeout {@link Duration#ZERO} for none */
    Relay(StreamSocket first, StreamSocket second, Duration idleTimeout) {
        this.first = first;
        this.second = second;
        this.idleTimeout = idleTimeout;
    }

    /** Returns once both directions have ended; throws the failure that aborted them, if any. */
    void run() throws IOException, InterruptedException {
        Thread back = Thread.ofVirtual().name("relay " + second.remoteAddress()).start(() -> copy(second, first));
        copy(first, second);
        back.join();
        if (failure != null) {
            throw failure;
        }
        if (endedIdle) {
            throw new ConnectionIdleException(idleTimeout);
        }
    }

    /** Whether the relay ended because it was idle: both sockets were closed gracefully. */
    boolean endedIdle() {
        return endedIdle;
    }

    private void copy(StreamSocket from, StreamSocket to) {
        try {
            InputStream in = from.inputStream();
            OutputStream out = to.outputStream();
            byte[] buffer = new byte[CHUNK];
            for (int n; (n = read(from, in, buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                lastProgress = System.nanoTime();
            }
            if (!endedIdle) {
                to.shutdownOutput();
            }
        } catch (IOException e) {
            if (endedIdle) {
                return; // the other direction closed both sockets
            }
            if (failure == null) {
                failure = e;
            }
            first.abort();
            second.abort();
        }
    }

    /**
     * Reads what {@code from} has; with an idle timeout, a read waits only until the relay would
     * be idle, then waits on while the other direction made progress, or ends the relay.
     *
     * @return bytes read; -1 at end of stream or once the relay ended idle
     */
    private int read(StreamSocket from, InputStream in, byte[] buffer) throws IOException {
        if (idleTimeout.isZero()) {
            return in.read(buffer);
        }
        while (true) {
            long left = lastProgress + idleTimeout.toNanos() - System.nanoTime();
            if (left <= 0 || endedIdle) {
                endIdle();
                return -1;
            }
            from.setReadTimeout(Duration.ofNanos(left));
            try {
                return in.read(buffer);
            } catch (SocketTimeoutException e) {
                // the loop sees whether the other direction moved meanwhile
            }
        }
    }

    private void endIdle() {
        endedIdle = true;
        closeQuietly(first);
        closeQuietly(second);
    }

    private static void closeQuietly(StreamSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed or reset: it is ending either way
        }
    }
}
