package io.tcpstack.core.ip;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import io.tcpstack.core.NetworkStack;
import io.tcpstack.core.ip.IpCounters.Counter;
import io.tcpstack.core.tcp.TcpConfig;
import io.tcpstack.core.tcp.TcpEndpoint;
import io.tcpstack.core.tcp.TcpEndpointEvents;
import io.tcpstack.core.tcp.TcpState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection from the stack to its own address goes round {@link Loopback}: never onto the
 * link, delivered after the call that sent it, and the TCP on both ends behaves as over a link.
 */
class LoopbackTest {
    private static final int LOCAL = 0x0A000002;
    private static final int PORT = 7;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final NetworkStack stack = new NetworkStack(new Ipv4Config(LOCAL, 24, 1500), TcpConfig.DEFAULTS,
            channel.eventLoop());
    /** Depth of engine upcalls in progress: a recursive delivery would make it exceed 1. */
    private int depth;
    private int maxDepth;

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    LoopbackTest() {
        channel.pipeline().addLast(stack.handler());
    }

    @AfterEach
    void nothingReachedTheLink() {
        assertThat((Object) channel.readOutbound()).as("a packet on the link").isNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void echoToOwnAddressStaysInsideTheStack() throws IOException {
        List<TcpEndpoint> accepted = new ArrayList<>();
        stack.tcp().listen(PORT, 8, server -> {
            accepted.add(server);
            server.setEvents(new Upcalls() {
                @Override
                void readable(TcpEndpoint e) {
                    ByteBuf echo = Unpooled.buffer();
                    e.read(echo, e.readableBytes());
                    e.write(echo); // answers from inside the upcall: queued, not delivered recursively
                    echo.release();
                    if (e.isInputShutdown()) {
                        e.shutdownOutput();
                    }
                }
            });
        });
        ByteBuf received = Unpooled.buffer();
        boolean[] closed = new boolean[1];
        TcpEndpoint client = stack.tcp().connect(address(PORT), new Upcalls() {
            @Override
            void readable(TcpEndpoint e) {
                e.read(received, e.readableBytes());
            }

            @Override
            public void onClosed(TcpEndpoint e, IOException error) {
                closed[0] = error == null;
            }
        });
        assertThat(client.state()).as("SYN waits in the loopback").isEqualTo(TcpState.SYN_SENT);
        assertThat(stack.ipv4().counters().get(Counter.IN_RECEIVES)).isZero();

        channel.runPendingTasks();
        assertThat(client.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(accepted).hasSize(1);

        client.write(Unpooled.copiedBuffer("hello, lo", StandardCharsets.US_ASCII));
        client.shutdownOutput();
        channel.runPendingTasks();

        assertThat(received.toString(StandardCharsets.US_ASCII)).isEqualTo("hello, lo");
        assertThat(client.isInputShutdown()).isTrue();
        assertThat(client.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(maxDepth).isEqualTo(1);
        IpCounters c = stack.ipv4().counters();
        assertThat(c.get(Counter.OUT_LOOPBACK)).isEqualTo(c.get(Counter.OUT_REQUESTS)).isPositive();
        assertThat(c.get(Counter.IN_DELIVERS)).isEqualTo(c.get(Counter.OUT_LOOPBACK));
        assertThat(c.get(Counter.BAD_SOURCE_DROPPED)).isZero();
        received.release();
        client.close();
    }

    @Test
    void connectToAClosedPortOfItsOwnAddressIsRefused() throws IOException {
        IOException[] error = new IOException[1];
        stack.tcp().connect(address(PORT), new Upcalls() {
            @Override
            public void onClosed(TcpEndpoint e, IOException cause) {
                error[0] = cause;
            }
        });
        channel.runPendingTasks();
        assertThat(error[0]).isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void otherLoopbackAddressesNeverReachTheLink() throws IOException {
        TcpEndpoint client = stack.tcp().connect(new InetSocketAddress(InetAddress.getByName("127.0.0.5"), PORT),
                new Upcalls());
        channel.runPendingTasks();
        assertThat(client.state()).isEqualTo(TcpState.SYN_SENT);
        assertThat(stack.ipv4().counters().get(Counter.OUT_NO_ROUTES)).isEqualTo(1);
        client.abort();
    }

    @Test
    void datagramsStillQueuedAreReleasedWhenTheStackLeavesThePipeline() throws IOException {
        stack.tcp().connect(address(PORT), new Upcalls());
        channel.pipeline().remove(stack.handler());
        channel.runPendingTasks(); // the delivery task finds nothing: the SYN was released (leak detector)
        assertThat(stack.ipv4().counters().get(Counter.IN_RECEIVES)).isZero();
    }

    private static InetSocketAddress address(int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 2}), port);
    }

    /** Engine upcalls that track how deeply they nest. */
    private class Upcalls implements TcpEndpointEvents {
        void readable(TcpEndpoint e) {
        }

        @Override
        public final void onReadable(TcpEndpoint e) {
            depth++;
            maxDepth = Math.max(maxDepth, depth);
            try {
                readable(e);
            } finally {
                depth--;
            }
        }
    }
}
