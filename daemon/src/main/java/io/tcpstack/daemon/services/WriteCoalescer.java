package io.tcpstack.daemon.services;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.PromiseNotifier;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers the small buffers written between two flushes into one, up to {@link #LIMIT} bytes, so
 * that a small response (head and body, as the HTTP encoder writes them apart) leaves in one write,
 * so in one segment: written apart, Nagle's algorithm (RFC 1122 §4.2.3.4) would hold the body until
 * the client's delayed ACK of the head, some 40 ms per request on a persistent connection. A write
 * of {@link #LIMIT} bytes or more passes as it is. Loop-confined.
 */
final class WriteCoalescer extends ChannelOutboundHandlerAdapter {
    /** Most bytes gathered into one buffer. */
    static final int LIMIT = 16 * 1024;

    /** The bytes gathered since the last flush; null when none are. */
    private ByteBuf gathered;
    /** The promises of the writes in {@link #gathered}. */
    private final List<ChannelPromise> promises = new ArrayList<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            passOn(ctx);
            ctx.write(msg, promise);
            return;
        }
        int size = buf.readableBytes();
        if (gathered != null && gathered.readableBytes() + size > LIMIT) {
            passOn(ctx);
        }
        if (gathered == null && (size >= LIMIT || size == 0)) {
            ctx.write(buf, promise);
            return;
        }
        if (gathered == null) {
            gathered = ctx.alloc().ioBuffer(LIMIT);
        }
        gathered.writeBytes(buf);
        buf.release();
        if (!promise.isVoid()) {
            promises.add(promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        passOn(ctx);
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        discard();
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discard();
    }

    /** Writes what was gathered as one buffer. */
    private void passOn(ChannelHandlerContext ctx) {
        if (gathered == null) {
            return;
        }
        ByteBuf buf = gathered;
        gathered = null;
        if (promises.isEmpty()) {
            ctx.write(buf, ctx.voidPromise());
            return;
        }
        ChannelPromise[] notified = promises.toArray(ChannelPromise[]::new);
        promises.clear();
        ctx.write(buf).addListener(new PromiseNotifier<>(notified));
    }

    /** What was gathered is never written: the channel closes unflushed. */
    private void discard() {
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
        ClosedChannelException closed = new ClosedChannelException();
        promises.forEach(p -> p.tryFailure(closed));
        promises.clear();
    }
}
