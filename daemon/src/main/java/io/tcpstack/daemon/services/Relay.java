package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.StreamSocket;
import java.io.IOException;

/**
 * Copies bytes both ways between two connected sockets. End of stream on one side becomes a
 * half-close of the other (RFC 9293 §3.6: CLOSE means "I have no more to send"); a failure on
 * either side, a reset included, aborts both, so a reset passes through as a reset.
 */
final class Relay {
    private final StreamSocket first;
    private final StreamSocket second;
    /** The first failure of either direction; once set, both sockets have been aborted. */
    private volatile IOException failure;

    Relay(StreamSocket first, StreamSocket second) {
        this.first = first;
        this.second = second;
    }

    /** Returns once both directions have ended; throws the failure that aborted them, if any. */
    void run() throws IOException, InterruptedException {
        Thread back = Thread.ofVirtual().name("relay " + second.remoteAddress()).start(() -> copy(second, first));
        copy(first, second);
        back.join();
        if (failure != null) {
            throw failure;
        }
    }

    private void copy(StreamSocket from, StreamSocket to) {
        try {
            from.inputStream().transferTo(to.outputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
            first.abort();
            second.abort();
        }
    }
}
