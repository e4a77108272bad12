package io.tcpstack.it.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;

/**
 * A server's echo of everything it reads; when the peer half-closes (the child needs
 * {@code ALLOW_HALF_CLOSURE}), it flushes what is left, shuts its own output and closes.
 */
@Sharable
final class HalfCloseEcho extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            DuplexChannel channel = (DuplexChannel) ctx.channel();
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER)
                    .addListener(flushed -> channel.shutdownOutput().addListener(ChannelFutureListener.CLOSE));
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
