package io.tcpstack.daemon.services;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.socket.LoopStream;
import io.tcpstack.core.socket.StreamHandler;

/**
 * Echo (RFC 862) on the event loop: what arrives is written back, never more at a time than the
 * send buffer takes. While that buffer is full the rest stays unread in the receive buffer, whose
 * window then closes (back-pressure to the client), and echoing resumes on {@code onWritable}. After
 * the client's FIN the remaining bytes are echoed and the connection closes, so a half-close passes
 * through. Keeps nothing per connection.
 */
public final class LoopEchoHandler implements StreamHandler {
    /** Bytes moved per read. */
    private static final int CHUNK = 64 * 1024;
    /** Bytes pass through it from the receive to the send buffer within one callback; loop-confined. */
    private final ByteBuf scratch = Unpooled.buffer(CHUNK);

    @Override
    public void onReadable(LoopStream stream) {
        echo(stream);
    }

    @Override
    public void onWritable(LoopStream stream) {
        echo(stream);
    }

    private void echo(LoopStream stream) {
        while (true) {
            int n = stream.read(scratch.clear(), stream.writableBytes());
            if (n < 0) {
                stream.close(); // everything before the FIN is echoed
                return;
            }
            if (n == 0) {
                return; // nothing to read, or the send buffer is full: onReadable / onWritable resumes
            }
            stream.write(scratch);
        }
    }
}
