package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.StreamSocket;
import java.io.IOException;
import java.io.OutputStream;

/** Discard (RFC 863): throws away everything received until the client closes. */
public final class DiscardHandler implements ConnectionHandler {
    /** Well-known port (RFC 863). */
    public static final int PORT = 9;

    @Override
    public void serve(StreamSocket socket) throws IOException {
        socket.inputStream().transferTo(OutputStream.nullOutputStream());
    }
}
