package io.tcpstack.core.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.core.tcp.TcpConfig;
import io.tcpstack.core.tcp.TcpLayer;
import io.tcpstack.core.tcp.TcpState;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The blocking socket API over two real TCP engines connected back to back. */
class TcpStreamOverTcpLayerTest {
    private static final Duration CONNECT = BlockingTask.BOUND;

    private LayerPair layers = new LayerPair(TcpConfig.DEFAULTS);
    private TcpStreamNetwork clientNet = new TcpStreamNetwork(layers.client);
    private TcpStreamNetwork serverNet = new TcpStreamNetwork(layers.server);

    /** Replaces the default layers by ones with {@code config}. */
    private void restart(TcpConfig config) {
        layers.close();
        layers = new LayerPair(config);
        clientNet = new TcpStreamNetwork(layers.client);
        serverNet = new TcpStreamNetwork(layers.server);
    }

    @AfterEach
    void stopLoops() {
        layers.close();
    }

    private record Pair(StreamSocket client, StreamSocket server) {}

    private Pair connect(StreamServerSocket listener) throws Exception {
        BlockingTask<StreamSocket> accepted = BlockingTask.start(listener::accept);
        StreamSocket client = clientNet.connect(LayerPair.server(listener.port()), CONNECT);
        return new Pair(client, accepted.get());
    }

    /** Writes {@code size} seeded random bytes in pieces of varied size, then half-closes; returns their SHA-256. */
    private static BlockingTask<String> sendRandom(StreamSocket socket, int size, long seed) {
        return BlockingTask.start(() -> {
            Random random = new Random(seed);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            OutputStream out = socket.outputStream();
            for (int left = size; left > 0; ) {
                byte[] piece = new byte[Math.min(left, 1 + random.nextInt(100_000))];
                random.nextBytes(piece);
                out.write(piece);
                sha.update(piece);
                left -= piece.length;
            }
            socket.shutdownOutput();
            return HexFormat.of().formatHex(sha.digest());
        });
    }

    /** Reads to the end of the stream; returns the SHA-256 of what arrived and its length. */
    private static BlockingTask<String> receiveAll(StreamSocket socket) {
        return BlockingTask.start(() -> {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            InputStream in = socket.inputStream();
            byte[] buf = new byte[16 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                sha.update(buf, 0, n);
                total += n;
            }
            return HexFormat.of().formatHex(sha.digest()) + "/" + total;
        });
    }

    @Test
    void tenMebibytesBothWaysArriveIntact() throws Exception {
        int size = 10 * 1024 * 1024;
        StreamServerSocket listener = serverNet.listen(80, 4);
        Pair p = connect(listener);
        assertThat(p.client.remoteAddress()).isEqualTo(LayerPair.server(80));
        assertThat(p.server.remoteAddress()).isEqualTo(p.client.localAddress());

        BlockingTask<String> up = sendRandom(p.client, size, 1);
        BlockingTask<String> down = sendRandom(p.server, size, 2);
        BlockingTask<String> atServer = receiveAll(p.server);
        BlockingTask<String> atClient = receiveAll(p.client);

        assertThat(atServer.get()).isEqualTo(up.get() + "/" + size);
        assertThat(atClient.get()).isEqualTo(down.get() + "/" + size);
        p.client.close();
        p.server.close();
        listener.close();
    }

    @Test
    void connectWithoutListenerIsRefused() {
        assertThatThrownBy(() -> clientNet.connect(LayerPair.server(81), CONNECT))
                .isExactlyInstanceOf(ConnectException.class)
                .hasMessage("Connection refused");
    }

    @Test
    void peerAbortWakesABlockedReaderWithConnectionReset() throws Exception {
        Pair p = connect(serverNet.listen(80, 4));
        BlockingTask<Integer> reader = BlockingTask.start(() -> p.client.inputStream().read()).awaitBlocked();
        p.server.abort();
        reader.assertFails(SocketException.class, "Connection reset");
    }

    @Test
    void closeWakesABlockedReaderAndThePeerSeesEndOfStream() throws Exception {
        Pair p = connect(serverNet.listen(80, 4));
        BlockingTask<Integer> reader = BlockingTask.start(() -> p.client.inputStream().read()).awaitBlocked();
        p.client.close();
        reader.assertFails(SocketException.class, "Socket closed");
        assertThat(p.server.inputStream().read()).isEqualTo(-1);
    }

    /** Runs {@code action} on {@code layer}'s loop and waits for it. */
    private static void onLoop(TcpLayer layer, Runnable action) throws Exception {
        CompletableFuture.runAsync(action, layer.eventLoop()).get(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    /** Completes when a connection of {@code layer} enters {@code state}. */
    private static CompletableFuture<Void> entered(TcpLayer layer, TcpState state) throws Exception {
        CompletableFuture<Void> reached = new CompletableFuture<>();
        onLoop(layer, () -> layer.addTransitionListener(t -> {
            if (t.to() == state) {
                reached.complete(null);
            }
        }));
        return reached;
    }

    @Test
    void bytesUnreadWhenThePassiveCloseCompletesAreStillDelivered() throws Exception {
        Pair p = connect(serverNet.listen(80, 4));
        CompletableFuture<Void> serverFinAcked = entered(layers.server, TcpState.FIN_WAIT_2);
        p.server.outputStream().write("unread".getBytes(StandardCharsets.US_ASCII));
        p.server.shutdownOutput();
        serverFinAcked.get(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS); // the client holds "unread" and the FIN (CLOSE_WAIT)
        CompletableFuture<Void> clientClosed = entered(layers.client, TcpState.CLOSED);
        p.client.shutdownOutput(); // LAST_ACK, then CLOSED once the server acknowledges our FIN
        clientClosed.get(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(p.client.inputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("unread");
    }

    @Test
    void connectToAnAddressThatNeverAnswersTimesOutAndLeavesNoConnection() throws Exception {
        assertThatThrownBy(() -> clientNet.connect(LayerPair.address(0x0A000003, 80), Duration.ofMillis(300)))
                .isExactlyInstanceOf(SocketTimeoutException.class)
                .hasMessage("Connect timed out");
        CompletableFuture<Integer> left = CompletableFuture.supplyAsync(() -> layers.client.connections().size(),
                layers.client.eventLoop());
        assertThat(left.get(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS)).isZero();
    }

    @Test
    void fullBuffersBlockTheWriterUntilASlowReaderDrainsThem() throws Exception {
        restart(TcpConfig.DEFAULTS.withBuffers(8 * 1024, 8 * 1024));
        Pair p = connect(serverNet.listen(80, 4));
        byte[] data = StreamLoad.randomBytes(1024 * 1024, 3);
        BlockingTask<Void> writer = BlockingTask.<Void>start(() -> {
            p.client.outputStream().write(data);
            p.client.shutdownOutput();
            return null;
        }).awaitBlocked();
        // 1 MiB cannot fit in 16 KiB of buffers while nobody reads.
        assertThat(writer.result()).isNotDone();
        assertThat(StreamLoad.readAll(p.server.inputStream(), 100)).isEqualTo(data);
        writer.get();
    }

    @Test
    void manyConnectionsAtOnceEchoEveryByteInOrder() throws Exception {
        restart(TcpConfig.DEFAULTS.withBuffers(16 * 1024, 16 * 1024));
        StreamLoad.echoMany(clientNet, serverNet.listen(80, 32), LayerPair.server(80), 32, 128 * 1024);
    }

    @Test
    void bytesUnreadWhenTimeWaitRunsOutAreStillDelivered() throws Exception {
        restart(TcpConfig.DEFAULTS.withMsl(Duration.ofMillis(50)));
        Pair p = connect(serverNet.listen(80, 4));
        p.client.shutdownOutput();
        assertThat(p.server.inputStream().read()).isEqualTo(-1);
        CompletableFuture<Void> clientClosed = entered(layers.client, TcpState.CLOSED);
        p.server.outputStream().write("late".getBytes(StandardCharsets.US_ASCII));
        p.server.shutdownOutput();
        clientClosed.get(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS); // TIME-WAIT ran out with "late" unread
        assertThat(p.client.inputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("late");
    }

    @Test
    void listenOnABusyPortFailsAndClosingTheListenerResetsWhatWasNeverAccepted() throws Exception {
        StreamServerSocket listener = serverNet.listen(80, 4);
        assertThatThrownBy(() -> serverNet.listen(80, 4)).isExactlyInstanceOf(BindException.class);
        StreamSocket client = clientNet.connect(LayerPair.server(80), CONNECT);
        BlockingTask<Integer> reader = BlockingTask.start(() -> client.inputStream().read()).awaitBlocked();
        listener.close();
        reader.assertFails(SocketException.class, "Connection reset");
        assertThatThrownBy(listener::accept).isExactlyInstanceOf(SocketException.class).hasMessage("Socket closed");
        assertThatThrownBy(() -> clientNet.connect(LayerPair.server(80), CONNECT)).isInstanceOf(ConnectException.class);
    }
}
