package io.tcpstack.examples;

import static io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH;
import static io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE;
import static io.netty.handler.codec.http.HttpResponseStatus.OK;
import static io.netty.handler.codec.http.HttpVersion.HTTP_1_1;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/** Answers every HTTP request with {@code hello}; keep-alive is left to {@code HttpServerKeepAliveHandler}. */
@Sharable
public final class HelloHandler extends SimpleChannelInboundHandler<HttpRequest> {
    /** The body of every response. */
    public static final String BODY = "hello from tcpstack\n";

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpRequest request) {
        FullHttpResponse response = new DefaultFullHttpResponse(HTTP_1_1, OK,
                Unpooled.copiedBuffer(BODY, StandardCharsets.UTF_8));
        response.headers().set(CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(CONTENT_LENGTH, response.content().readableBytes());
        ctx.writeAndFlush(response);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
