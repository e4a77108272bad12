package io.tcpstack.daemon.services;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.socket.LoopStream;
import io.tcpstack.core.socket.StreamHandler;

/** Discard (RFC 863) on the event loop: reads and drops everything until the client's FIN, then closes. */
public final class LoopDiscardHandler implements StreamHandler {
    /** Bytes dropped per read. */
    private static final int CHUNK = 64 * 1024;
    /** Where dropped bytes land; loop-confined. */
    private final ByteBuf scratch = Unpooled.buffer(CHUNK);

    @Override
    public void onReadable(LoopStream stream) {
        discardInput(scratch, stream);
    }

    /** Reads and drops what {@code stream} holds; closes it once the client's FIN was read. */
    static void discardInput(ByteBuf scratch, LoopStream stream) {
        for (int n; (n = stream.read(scratch.clear(), CHUNK)) != 0; ) {
            if (n < 0) {
                stream.close();
                return;
            }
        }
    }
}
