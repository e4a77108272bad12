package io.tcpstack.it.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * A client's side of one echo: {@link #send} writes the payload and half-closes; {@link #echoed()}
 * completes with every byte read once the peer half-closes in turn (the channel needs
 * {@code ALLOW_HALF_CLOSURE}), or fails when the channel fails or closes first.
 */
final class EchoExchange extends ChannelInboundHandlerAdapter {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> echoed = new CompletableFuture<>();

    /** Writes {@code payload} on {@code channel} and shuts its output once written. */
    static void send(Channel channel, byte[] payload) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(payload)).addListener(written -> {
            if (written.isSuccess()) {
                ((DuplexChannel) channel).shutdownOutput();
            }
        });
    }

    CompletableFuture<byte[]> echoed() {
        return echoed;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf data = (ByteBuf) msg;
        try {
            data.readBytes(received, data.readableBytes());
        } catch (IOException e) {
            throw new AssertionError(e); // a ByteArrayOutputStream does not throw
        } finally {
            data.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            echoed.complete(received.toByteArray());
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        echoed.completeExceptionally(new IllegalStateException(
                "closed before the peer half-closed, after " + received.size() + " bytes"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        echoed.completeExceptionally(cause);
        ctx.close();
    }
}
