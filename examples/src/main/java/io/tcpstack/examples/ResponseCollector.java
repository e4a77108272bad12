package io.tcpstack.examples;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** Completes {@link #reply()} with the first (aggregated) response, or with the channel's failure or early close. */
public final class ResponseCollector extends SimpleChannelInboundHandler<FullHttpResponse> {
    /** A response's status code and body. */
    public record Reply(int status, String body) {
    }

    private final CompletableFuture<Reply> reply = new CompletableFuture<>();

    public CompletableFuture<Reply> reply() {
        return reply;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        reply.complete(new Reply(response.status().code(), response.content().toString(StandardCharsets.UTF_8)));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reply.completeExceptionally(new IllegalStateException("the server closed the connection without a response"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        reply.completeExceptionally(cause);
        ctx.close();
    }
}
