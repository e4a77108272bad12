package io.tcpstack.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transport's own checks, beyond Netty's testsuite: loopback on a non-127 address, half-closure, user mistakes. */
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

    @Test
    void bindingToAnAddressThatIsNotTheStacksFailsClearly() throws Exception {
        assertThatThrownBy(() -> new ServerBootstrap().group(stack.group()).channel(TcpStackServerSocketChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter())
                .bind(new InetSocketAddress(InetAddress.getByName("10.9.0.77"), 80)).sync())
                .isInstanceOf(BindException.class)
                .hasMessageContaining("the stack's address is 10.9.0.2");
        assertThat(stack.networkStack().tcp().listeners()).isEmpty();
    }

    @Test
    void halfClosureKeepsTheOtherDirectionOpen() throws Exception {
        CompletableFuture<String> atServer = new CompletableFuture<>();
        Channel server = new ServerBootstrap().group(stack.group()).channel(TcpStackServerSocketChannel.class)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new TextUntilFin(atServer, ctx -> ctx.writeAndFlush(
                        Unpooled.copiedBuffer("after your FIN", StandardCharsets.US_ASCII))
                        .addListener(f -> ((DuplexChannel) ctx.channel()).shutdownOutput())))
                .bind(0).sync().channel();
        CompletableFuture<String> atClient = new CompletableFuture<>();
        Channel client = new Bootstrap().group(stack.group()).channel(TcpStackSocketChannel.class)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new TextUntilFin(atClient, ctx -> { }))
                .connect(new InetSocketAddress(stack.address(), ((InetSocketAddress) server.localAddress()).getPort()))
                .sync().channel();
        client.writeAndFlush(Unpooled.copiedBuffer("request", StandardCharsets.US_ASCII));
        ((DuplexChannel) client).shutdownOutput().sync();
        assertThat(atServer.get(10, TimeUnit.SECONDS)).isEqualTo("request");
        assertThat(atClient.get(10, TimeUnit.SECONDS)).isEqualTo("after your FIN");
        assertThat(((DuplexChannel) client).isShutdown()).isTrue();
        client.close().sync();
        server.close().sync();
    }

    /** Collects what arrives as text; at the peer's FIN completes {@code received} with it and runs {@code atFin}. */
    private static final class TextUntilFin extends ChannelInboundHandlerAdapter {
        private final StringBuilder text = new StringBuilder();
        private final CompletableFuture<String> received;
        private final Consumer<ChannelHandlerContext> atFin;

        TextUntilFin(CompletableFuture<String> received, Consumer<ChannelHandlerContext> atFin) {
            this.received = received;
            this.atFin = atFin;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            text.append(((ByteBuf) msg).toString(StandardCharsets.US_ASCII));
            ((ByteBuf) msg).release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                received.complete(text.toString());
                atFin.accept(ctx);
            }
        }
    }
}
