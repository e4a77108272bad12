package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.LoopStream;
import io.tcpstack.core.socket.StreamHandler;

/** Discard (RFC 863) on the event loop: drops everything, uncopied, until the client's FIN, then closes. */
public final class LoopDiscardHandler implements StreamHandler {
    @Override
    public void onReadable(LoopStream stream) {
        discardInput(stream);
    }

    /** Drops what {@code stream} holds; closes it once the client's FIN was reached. */
    static void discardInput(LoopStream stream) {
        for (int n; (n = stream.skip(Integer.MAX_VALUE)) != 0; ) {
            if (n < 0) {
                stream.close();
                return;
            }
        }
    }
}
