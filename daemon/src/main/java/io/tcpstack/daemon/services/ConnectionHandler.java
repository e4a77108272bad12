package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.StreamSocket;
import java.io.IOException;

/**
 * Serves one accepted connection on its own virtual thread. Returning normally means the
 * connection ends gracefully: the caller then closes the socket (FIN). Throwing means it ends
 * abnormally: the caller aborts it (RST) and logs the cause at debug level; but a
 * {@link ConnectionIdleException} ends it gracefully, counted as closed idle.
 */
@FunctionalInterface
public interface ConnectionHandler {
    void serve(StreamSocket socket) throws IOException, InterruptedException;
}
