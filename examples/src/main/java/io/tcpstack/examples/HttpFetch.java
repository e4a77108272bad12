package io.tcpstack.examples;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.tcpstack.netty.TcpStack;
import io.tcpstack.netty.TcpStackSocketChannel;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * A Netty HTTP client on tcpstack over a TUN: {@code [--tun NAME] [--address CIDR] [--peer IP] URL}
 * fetches {@code URL} (plain {@code http}, e.g. a kernel-side server at {@code http://10.0.0.1:8000/})
 * through the stack, prints the status line's code and the body, and exits 0 for a 2xx status, 1
 * for another, 2 for a user's mistake (one line on standard error).
 */
public final class HttpFetch {
    /** Bound on connecting and on the whole response. */
    private static final int TIMEOUT_SECONDS = 30;

    private HttpFetch() {
    }

    public static void main(String[] args) throws Exception {
        ExampleMain.run(args, HttpFetch::fetch);
    }

    private static void fetch(TunOptions options) throws Exception {
        String url = options.argument(0, null);
        if (url == null || !url.startsWith("http://")) {
            throw new IllegalArgumentException("usage: HttpFetch [--tun NAME] [--address CIDR] [--peer IP] http://HOST[:PORT]/PATH");
        }
        URI uri = URI.create(url);
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        int status;
        try (TcpStack stack = options.stack().start()) {
            ResponseCollector collector = new ResponseCollector();
            Channel channel = new Bootstrap().group(stack.group()).channel(TcpStackSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), collector);
                        }
                    })
                    .connect(uri.getHost(), port).sync().channel();
            channel.writeAndFlush(request(uri));
            ResponseCollector.Reply reply = collector.reply().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            channel.close().sync();
            status = reply.status();
            System.out.println(status);
            System.out.print(reply.body());
            System.out.flush();
        }
        System.exit(status / 100 == 2 ? 0 : 1);
    }

    private static FullHttpRequest request(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, uri.getAuthority())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return request;
    }
}
