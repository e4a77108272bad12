package io.tcpstack.examples;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * The pipeline of the HTTP hello-world, on any transport's channel: Netty's
 * {@link HttpServerCodec}, {@link HttpServerKeepAliveHandler} (keep-alive as the request asks,
 * RFC 9112 §9.3) and {@link HelloHandler}.
 */
public final class HelloInitializer extends ChannelInitializer<Channel> {
    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(), new HelloHandler());
    }
}
