package io.tcpstack.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TcpStackTest {
    private static TcpStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = TcpStack.builder().address("10.9.0.2/24").start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void echoOverTheStacksLoopback() throws Exception {
        Channel server = new ServerBootstrap().group(stack.group()).channel(TcpStackServerSocketChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ctx.writeAndFlush(msg);
                    }
                }).bind(stack.address(), 0).sync().channel();
        CompletableFuture<String> echoed = new CompletableFuture<>();
        Channel client = new Bootstrap().group(stack.group()).channel(TcpStackSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                echoed.complete(((ByteBuf) msg).toString(StandardCharsets.US_ASCII));
                                ((ByteBuf) msg).release();
                            }
                        });
                    }
                }).connect(server.localAddress()).sync().channel();
        client.writeAndFlush(Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII));
        assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("ping");
        client.close().sync();
        server.close().sync();
    }
}
