package io.tcpstack.daemon;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.tcpstack.link.LoopCounters;

/**
 * Top of one side of a TUN-to-TUN relay: every packet read on this channel is written to the
 * other one, flushed once per read batch (or earlier, when a batch fills the peer's outbound
 * buffer). Both channels run on the same event loop. A packet the peer cannot take even after a
 * flush (the device refuses writes, or is closed) is dropped and counted, as a router's full
 * queue would.
 */
final class PacketForwarder extends ChannelInboundHandlerAdapter {
    /** Where packets go. */
    private final Channel peer;
    private final Counters counters = new Counters();

    /** Counted on the event loop, read anywhere (see {@link LoopCounters}). */
    enum Counter implements LoopCounters.Named {
        /** Packets written to the peer. */
        FORWARDED,
        /** Packets dropped because the peer was closed or still not writable after a flush. */
        DROPPED
    }

    private static final class Counters extends LoopCounters<Counter> {
        Counters() {
            super(Counter.class);
        }
    }

    PacketForwarder(Channel peer) {
        this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!peer.isWritable()) {
            peer.flush();
        }
        if (msg instanceof ByteBuf && peer.isActive() && peer.isWritable()) {
            counters.increment(Counter.FORWARDED);
            peer.write(msg, peer.voidPromise());
        } else {
            counters.increment(Counter.DROPPED);
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
        ctx.fireChannelReadComplete();
    }

    long forwarded() {
        return counters.get(Counter.FORWARDED);
    }

    long dropped() {
        return counters.get(Counter.DROPPED);
    }
}
