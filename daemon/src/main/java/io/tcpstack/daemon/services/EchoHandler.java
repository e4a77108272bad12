package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.StreamSocket;
import java.io.IOException;

/**
 * Echo (RFC 862): sends back everything received. When the client shuts down its output, the
 * remaining data is echoed and the connection closes, so a half-close passes through.
 */
public final class EchoHandler implements ConnectionHandler {
    /** Well-known port (RFC 862). */
    public static final int PORT = 7;

    @Override
    public void serve(StreamSocket socket) throws IOException {
        socket.inputStream().transferTo(socket.outputStream());
    }
}
