package io.tcpstack.core.sim;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.tcpstack.core.wire.TcpHeader;
import io.tcpstack.link.OffloadedPacket;

/**
 * The simulated link's side of checksum and segmentation offload: an {@link OffloadedPacket}
 * leaves with its TCP checksum completed, as one packet (a super-segment stays whole, as if the
 * peer's receive offload had merged the segments the link cut), so the fault injector and the
 * peer see an ordinary IPv4 packet.
 */
final class OffloadingLink extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof OffloadedPacket offloaded) {
            ByteBuf packet = offloaded.content();
            int at = packet.readerIndex();
            int transport = at + offloaded.checksumStart();
            TcpHeader.fillChecksum(packet, transport, packet.writerIndex() - transport,
                    packet.getInt(at + 12), packet.getInt(at + 16));
            ctx.write(packet, promise);
            return;
        }
        ctx.write(msg, promise);
    }
}
