package io.tcpstack.daemon.services;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.socket.LoopStream;
import io.tcpstack.core.socket.StreamHandler;

/**
 * Character generator (RFC 864) on the event loop: the pattern of {@link ChargenHandler}, written
 * whenever the send buffer has room (on open and on {@code onWritable}); input is dropped,
 * and the client's FIN closes the connection. Keeps one position in the pattern per connection.
 */
public final class LoopChargenHandler implements StreamHandler {
    /** Two periods back to back, so a whole period starts at any offset of the first; indices loop-confined. */
    private final ByteBuf pattern;

    public LoopChargenHandler() {
        byte[] twice = new byte[2 * ChargenHandler.PERIOD.length];
        System.arraycopy(ChargenHandler.PERIOD, 0, twice, 0, ChargenHandler.PERIOD.length);
        System.arraycopy(ChargenHandler.PERIOD, 0, twice, ChargenHandler.PERIOD.length, ChargenHandler.PERIOD.length);
        pattern = Unpooled.wrappedBuffer(twice);
    }

    /** A connection's offset into the period: where its next byte comes from, in [0, period). */
    private static final class Position {
        int offset;
    }

    @Override
    public void onOpen(LoopStream stream) {
        stream.attach(new Position());
        generate(stream);
    }

    @Override
    public void onWritable(LoopStream stream) {
        generate(stream);
    }

    @Override
    public void onReadable(LoopStream stream) {
        LoopDiscardHandler.discardInput(stream);
    }

    private void generate(LoopStream stream) {
        Position position = (Position) stream.attachment();
        int period = ChargenHandler.PERIOD.length;
        for (int room; (room = stream.writableBytes()) > 0; ) {
            int n = Math.min(room, period);
            pattern.setIndex(position.offset, position.offset + n);
            stream.write(pattern);
            position.offset = (position.offset + n) % period;
        }
    }
}
