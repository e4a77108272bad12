package io.tcpstack.examples;

import static io.netty.handler.codec.http.HttpHeaderNames.CONNECTION;
import static io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH;
import static io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE;
import static io.netty.handler.codec.http.HttpHeaderValues.KEEP_ALIVE;
import static io.netty.handler.codec.http.HttpResponseStatus.OK;
import static io.netty.handler.codec.http.HttpVersion.HTTP_1_1;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;

/**
 * Answers every HTTP request with {@code hello}; keep-alive is left to {@code HttpServerKeepAliveHandler},
 * except that an HTTP/1.0 client asking for it (as {@code ab -k}) is told so, as in Netty's own
 * {@code HttpHelloWorldServerHandler}.
 */
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
        if (HttpUtil.isKeepAlive(request) && !request.protocolVersion().isKeepAliveDefault()) {
            response.headers().set(CONNECTION, KEEP_ALIVE); // an HTTP/1.0 client's keep-alive (RFC 9112 §9.3)
        }
        ctx.writeAndFlush(response);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
