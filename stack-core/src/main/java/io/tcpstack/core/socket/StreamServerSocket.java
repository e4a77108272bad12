package io.tcpstack.core.socket;

import java.io.Closeable;
import java.io.IOException;

/** A listening port (RFC 9293 passive OPEN) with a bounded accept queue. */
public interface StreamServerSocket extends Closeable {
    /** Blocks until a connection completes its handshake; throws once the listener is closed. */
    StreamSocket accept() throws IOException;

    int port();
}
