package io.tcpstack.it.netty;

import static io.tcpstack.it.StackAddresses.KERNEL;
import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.tcpstack.core.tcp.TcpCounters;
import io.tcpstack.it.KernelSockets;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.NsThread;
import io.tcpstack.netty.TcpStack;
import io.tcpstack.netty.TcpStackServerSocketChannel;
import io.tcpstack.netty.TcpStackSocketChannel;
import io.tcpstack.tun.TunException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The Netty transport over a real TUN: {@link TcpStack} creates and configures {@code tcps0} in the
 * test's namespace (from an {@link NsThread}), and a Netty NIO channel on the kernel's sockets
 * echoes one MiB with it, each way round, with a half-close; the kernel's {@code ss} sees the
 * connection, the stack's counters count it, and {@link TcpStack#close()} removes the interface.
 */
@NamespaceTest
class NettyOverTunIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT = 7007;
    private static final byte[] PAYLOAD = new byte[1 << 20];

    static {
        new Random(12).nextBytes(PAYLOAD);
    }

    @Test
    void anNioClientGetsAMebibyteEchoedByATcpStackServer(NetNs ns) {
        acrossTheTun(ns, (stack, nio) -> {
            new ServerBootstrap().group(stack.group()).channel(TcpStackServerSocketChannel.class)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new HalfCloseEcho()).bind(PORT).sync();
            echo(ns, new Bootstrap().group(nio).channel(NioSocketChannel.class), STACK, true);
            assertCrossedTheLink(stack, TcpCounters::passiveOpens);
        });
    }

    @Test
    void aTcpStackClientGetsAMebibyteEchoedByAnNioServerOnTheKernelSide(NetNs ns) {
        acrossTheTun(ns, (stack, nio) -> {
            new ServerBootstrap().group(nio).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new HalfCloseEcho()).bind(KERNEL, PORT).sync();
            echo(ns, new Bootstrap().group(stack.group()).channel(TcpStackSocketChannel.class), KERNEL, false);
            assertCrossedTheLink(stack, TcpCounters::activeOpens);
        });
    }

    @Test
    void aBadInterfaceNameIsAOneLineTunException(NetNs ns) {
        try (NsThread inside = ns.thread()) {
            inside.call(TIMEOUT, () -> {
                assertThatThrownBy(() -> TcpStack.builder().tun("a-name-longer-than-ifnamsiz").address(STACK_CIDR)
                        .peer(KERNEL).start())
                        .isInstanceOf(TunException.class)
                        .hasMessageContaining("a-name-longer-than-ifnamsiz")
                        .hasMessageNotContaining("\n");
                return null;
            });
        }
    }

    @Test
    void aCreatedTunWithoutAPeerIsRefusedAndRemoved(NetNs ns) {
        try (NsThread inside = ns.thread()) {
            inside.call(TIMEOUT, () -> {
                assertThatThrownBy(() -> TcpStack.builder().tun(TUN).address(STACK_CIDR).start())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("peer");
                assertThat(ns.hasInterface(TUN)).isFalse();
                return null;
            });
        }
    }

    /** What a test does with the stack on {@code tcps0} and an NIO group, both in the namespace. */
    private interface OverTheTun {
        void run(TcpStack stack, EventLoopGroup nio) throws Exception;
    }

    /**
     * Runs {@code body} on the namespace's thread (where the stack creates its TUN and the NIO
     * sockets open) and checks that the stack created the interface and its close removed it.
     */
    private static void acrossTheTun(NetNs ns, OverTheTun body) {
        try (NsThread inside = ns.thread()) {
            inside.call(TIMEOUT, () -> {
                EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
                try (TcpStack stack = TcpStack.builder().tun(TUN).address(STACK_CIDR).peer(KERNEL).start()) {
                    assertThat(ns.hasInterface(TUN)).as("the stack created " + TUN).isTrue();
                    body.run(stack, nio);
                } finally {
                    nio.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
                }
                assertThat(ns.hasInterface(TUN)).as("close() removed " + TUN).isFalse();
                return null;
            });
        }
    }

    /**
     * Connects {@code client} to {@code host}:{@link #PORT}, sends {@link #PAYLOAD} and half-closes,
     * and checks the echo and that the kernel had the connection's socket (its client end when
     * {@code kernelIsClient}, else its server end) while it was open.
     */
    private static void echo(NetNs ns, Bootstrap client, String host, boolean kernelIsClient) throws Exception {
        EchoExchange exchange = new EchoExchange();
        Channel channel = client.option(ChannelOption.ALLOW_HALF_CLOSURE, true).handler(exchange)
                .connect(host, PORT).sync().channel();
        KernelSockets sockets = KernelSockets.of(ns);
        EchoExchange.send(channel, PAYLOAD);

        assertThat(exchange.echoed().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(PAYLOAD);
        String clientEnd = hostPort(channel.localAddress());
        String serverEnd = host + ":" + PORT;
        assertThat(kernelIsClient ? sockets.state(clientEnd, serverEnd) : sockets.state(serverEnd, clientEnd))
                .as(sockets.describe()).contains("ESTAB");
        channel.close().sync();
    }

    /** One connection, opened the way {@code opens} counts, and a mebibyte's worth of segments each way. */
    private static void assertCrossedTheLink(TcpStack stack, ToLongFunction<TcpCounters> opens)
            throws Exception {
        TcpCounters counters = stack.networkStack().tcp().counters();
        long[] seen = stack.group().submit(() -> new long[] {
            opens.applyAsLong(counters), counters.inSegs(), counters.outSegs()}).get(10, TimeUnit.SECONDS);
        assertThat(seen[0]).as("connections opened").isEqualTo(1);
        assertThat(seen[1]).as("segments in").isGreaterThan(PAYLOAD.length / 65536);
        assertThat(seen[2]).as("segments out").isGreaterThan(PAYLOAD.length / 65536);
    }

    private static String hostPort(SocketAddress address) {
        InetSocketAddress inet = (InetSocketAddress) address;
        return inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
}
