package io.tcpstack.core.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.tcp.TcpConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The event-driven API ({@link LoopNetwork}) serving an echo on one engine, driven by blocking sockets on the other. */
class LoopNetworkTest {
    private LayerPair layers = new LayerPair(TcpConfig.DEFAULTS);
    private TcpStreamNetwork clientNet = new TcpStreamNetwork(layers.client);
    private TcpStreamNetwork serverNet = new TcpStreamNetwork(layers.server);

    @AfterEach
    void stopLoops() {
        layers.close();
    }

    /**
     * Echo with back-pressure: reads only what its send buffer can take, so once that is full the
     * bytes stay in the receive buffer (closing the window) until {@code onWritable}. Records what
     * the tests check.
     */
    private static final class Echo implements StreamHandler {
        private final ByteBuf scratch = Unpooled.buffer(64 * 1024);
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger writables = new AtomicInteger();
        /** Completed the first time reading stopped for want of send-buffer space. */
        final CompletableFuture<Void> stalled = new CompletableFuture<>();
        final CompletableFuture<IOException> closed = new CompletableFuture<>();
        /** Thrown from onReadable when set. */
        volatile RuntimeException defect;

        @Override
        public void onOpen(LoopStream s) {
            opened.incrementAndGet();
        }

        @Override
        public void onReadable(LoopStream s) {
            if (defect != null) {
                throw defect;
            }
            pump(s);
        }

        @Override
        public void onWritable(LoopStream s) {
            writables.incrementAndGet();
            pump(s);
        }

        private void pump(LoopStream s) {
            for (int n; (n = s.read(scratch.clear(), s.writableBytes())) != 0; ) {
                if (n < 0) {
                    s.close();
                    return;
                }
                assertThat(s.write(scratch)).isEqualTo(n);
            }
            if (s.readableBytes() > 0) {
                stalled.complete(null);
            }
        }

        @Override
        public void onClosed(LoopStream s, IOException error) {
            closed.complete(error);
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void echoStopsReadingWhileItsSendBufferIsFullAndResumesOnWritable() throws Exception {
        layers.close();
        layers = new LayerPair(TcpConfig.DEFAULTS.withBuffers(8 * 1024, 8 * 1024));
        clientNet = new TcpStreamNetwork(layers.client);
        serverNet = new TcpStreamNetwork(layers.server);
        Echo echo = new Echo();
        LoopListener listener = serverNet.listen(7, 4, echo);
        StreamSocket client = clientNet.connect(LayerPair.server(7), BlockingTask.BOUND);
        byte[] data = StreamLoad.randomBytes(1024 * 1024, 5);
        BlockingTask<Void> writer = BlockingTask.start(() -> {
            client.outputStream().write(data);
            client.shutdownOutput();
            return null;
        });

        await(echo.stalled); // nobody reads the echo: its send buffer filled and it left bytes unread
        assertThat(writer.result()).as("1 MiB cannot pass 4 x 8 KiB of buffers").isNotDone();
        assertThat(StreamLoad.readAll(client.inputStream(), 100)).isEqualTo(data);
        writer.get();
        assertThat(await(echo.closed)).isNull();
        assertThat(echo.writables).hasPositiveValue();
        assertThat(echo.opened).hasValue(1);
        client.close();
        listener.close();
    }

    @Test
    void skippingDropsWhatArrivesAndKeepsTheWindowOpen() throws Exception {
        layers.close();
        layers = new LayerPair(TcpConfig.DEFAULTS.withBuffers(8 * 1024, 8 * 1024));
        clientNet = new TcpStreamNetwork(layers.client);
        serverNet = new TcpStreamNetwork(layers.server);
        AtomicInteger skipped = new AtomicInteger();
        CompletableFuture<IOException> closed = new CompletableFuture<>();
        LoopListener listener = serverNet.listen(9, 4, new StreamHandler() {
            @Override
            public void onReadable(LoopStream s) {
                for (int n; (n = s.skip(Integer.MAX_VALUE)) != 0; ) {
                    if (n < 0) {
                        s.close();
                        return;
                    }
                    skipped.addAndGet(n);
                }
            }

            @Override
            public void onClosed(LoopStream s, IOException error) {
                closed.complete(error);
            }
        });
        StreamSocket client = clientNet.connect(LayerPair.server(9), BlockingTask.BOUND);
        client.outputStream().write(new byte[1024 * 1024]); // 128 receive buffers' worth: the window must reopen
        client.shutdownOutput();
        assertThat(client.inputStream().read()).as("the server's FIN, not a reset").isEqualTo(-1);
        assertThat(await(closed)).isNull();
        assertThat(skipped).hasValue(1024 * 1024);
        client.close();
        listener.close();
    }

    @Test
    void peerHalfCloseIsEchoedThenTheConnectionClosesWithoutError() throws Exception {
        Echo echo = new Echo();
        LoopListener listener = serverNet.listen(7, 4, echo);
        StreamSocket client = clientNet.connect(LayerPair.server(7), BlockingTask.BOUND);
        client.outputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
        client.shutdownOutput();
        assertThat(client.inputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
        assertThat(await(echo.closed)).isNull();
        assertThat(listener.connections()).isZero();
        client.close();
        listener.close();
    }

    @Test
    void peerResetIsReportedAsConnectionReset() throws Exception {
        Echo echo = new Echo();
        LoopListener listener = serverNet.listen(7, 4, echo);
        StreamSocket client = clientNet.connect(LayerPair.server(7), BlockingTask.BOUND);
        client.outputStream().write('x');
        assertThat(client.inputStream().read()).isEqualTo('x');
        assertThat(listener.connections()).isOne();
        client.abort();
        assertThat(await(echo.closed)).isInstanceOf(SocketException.class).hasMessage("Connection reset");
        assertThat(listener.connections()).isZero();
        listener.close();
    }

    @Test
    void aHandlerThatThrowsHasItsConnectionReset() throws Exception {
        Echo echo = new Echo();
        echo.defect = new IllegalStateException("handler defect (expected by the test)");
        LoopListener listener = serverNet.listen(7, 4, echo);
        StreamSocket client = clientNet.connect(LayerPair.server(7), BlockingTask.BOUND);
        // the reset may overtake the write's own completion, as ECONNRESET can on a kernel socket
        assertThatThrownBy(() -> {
            client.outputStream().write('x');
            client.inputStream().read();
        }).isInstanceOf(SocketException.class).hasMessage("Connection reset");
        assertThat(await(echo.closed)).isNull(); // the handler's own abort
        listener.close();
    }

    @Test
    void closingTheListenerClosesItsConnectionsAndFreesThePort() throws Exception {
        Echo echo = new Echo();
        LoopListener listener = serverNet.listen(7, 4, echo);
        assertThatThrownBy(() -> serverNet.listen(7, 4, echo)).isExactlyInstanceOf(BindException.class);
        StreamSocket client = clientNet.connect(LayerPair.server(7), BlockingTask.BOUND);
        client.outputStream().write('x');
        assertThat(client.inputStream().read()).isEqualTo('x');
        listener.close();
        assertThat(client.inputStream().read()).isEqualTo(-1);
        assertThat(await(echo.closed)).isNull();
        serverNet.listen(7, 4, echo).close();
        client.close();
    }
}
