package io.tcpstack.core.socket;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The blocking socket API over an in-memory engine ({@link FakeTcpService}). */
class TcpStreamSocketTest {
    private static final Duration CONNECT = BlockingTask.BOUND;

    private FakeTcpService fake;
    private TcpStreamNetwork net;

    private void start(int sendBuffer, int receiveBuffer) {
        fake = new FakeTcpService(sendBuffer, receiveBuffer);
        net = new TcpStreamNetwork(fake);
    }

    @AfterEach
    void noEngineCallOffTheLoop() {
        assertThat(fake.offLoopCalls).hasValue(0);
        fake.close();
    }

    private record Pair(StreamSocket client, StreamSocket server) {}

    private Pair connect(StreamServerSocket listener) throws Exception {
        BlockingTask<StreamSocket> accepted = BlockingTask.start(listener::accept);
        StreamSocket client = net.connect(at(listener.port()), CONNECT);
        return new Pair(client, accepted.get());
    }

    private static InetSocketAddress at(int port) {
        return new InetSocketAddress(FakeTcpService.ADDRESS, port);
    }

    @Test
    void transfersBothWaysThenReportsEndOfStream() throws Exception {
        start(64 * 1024, 64 * 1024);
        StreamServerSocket listener = net.listen(7000, 4);
        Pair p = connect(listener);
        assertThat(p.server.localAddress()).isEqualTo(at(7000));
        assertThat(p.client.remoteAddress()).isEqualTo(p.server.localAddress());
        assertThat(p.server.remoteAddress()).isEqualTo(p.client.localAddress());

        p.client.outputStream().write("hello".getBytes(US_ASCII));
        p.client.shutdownOutput();
        assertThat(p.server.inputStream().readAllBytes()).asString(US_ASCII).isEqualTo("hello");
        assertThat(p.server.inputStream().read()).isEqualTo(-1);

        p.server.outputStream().write("bye".getBytes(US_ASCII));
        p.server.outputStream().flush();
        p.server.close();
        assertThat(p.client.inputStream().readAllBytes()).asString(US_ASCII).isEqualTo("bye");
        assertThatThrownBy(() -> p.client.outputStream().write(1))
                .isExactlyInstanceOf(SocketException.class)
                .hasMessage("Socket output is shutdown");
        p.client.close();
        listener.close();
    }

    @Test
    void aReadTimeoutEndsAReadThatGetsNothingAndTheSocketStaysUsable() throws Exception {
        start(64 * 1024, 64 * 1024);
        Pair p = connect(net.listen(7000, 4));
        p.client.setReadTimeout(java.time.Duration.ofMillis(20));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.client.inputStream().read())
                .isInstanceOf(java.net.SocketTimeoutException.class).hasMessage("Read timed out");
        p.server.outputStream().write('x');
        assertThat(p.client.inputStream().read()).isEqualTo('x');
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.client.setReadTimeout(java.time.Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void singleByteReadsAndAvailable() throws Exception {
        start(64 * 1024, 64 * 1024);
        Pair p = connect(net.listen(7000, 4));
        p.server.outputStream().write("0123456789".getBytes(US_ASCII));
        assertThat(p.client.inputStream().read()).isEqualTo('0');
        assertThat(p.client.inputStream().available()).isEqualTo(9);
        byte[] rest = new byte[9];
        assertThat(p.client.inputStream().readNBytes(rest, 0, 9)).isEqualTo(9);
        assertThat(rest).asString(US_ASCII).isEqualTo("123456789");
        assertThat(p.client.inputStream().available()).isZero();
    }

    @Test
    void fullSendBufferBlocksTheWriterUntilASlowReaderDrainsIt() throws Exception {
        start(1024, 1024);
        Pair p = connect(net.listen(7000, 4));
        byte[] data = StreamLoad.randomBytes(256 * 1024, 1);
        BlockingTask<Void> writer = BlockingTask.start(() -> {
            p.client.outputStream().write(data);
            p.client.shutdownOutput();
            return null;
        });
        assertThat(fake.connected.get(0).sendBufferFilled.await(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        writer.awaitBlocked();
        // 256 KiB cannot fit in 2 KiB of buffers while nobody reads.
        assertThat(writer.result()).isNotDone();

        assertThat(StreamLoad.readAll(p.server.inputStream(), 100)).isEqualTo(data);
        writer.get();
    }

    @Test
    void aWriteBlockedOnAFullSendBufferIsFinishedByTheLoopWithoutWakingTheWriterPerAcknowledgment() throws Exception {
        start(1024, 1024);
        Pair p = connect(net.listen(7000, 4));
        byte[] data = StreamLoad.randomBytes(256 * 1024, 2);
        BlockingTask<Void> writer = BlockingTask.start(() -> {
            p.client.outputStream().write(data);
            return null;
        });
        assertThat(fake.connected.get(0).sendBufferFilled.await(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        writer.awaitBlocked();

        byte[] received = p.server.inputStream().readNBytes(data.length);
        writer.get();
        assertThat(java.util.Arrays.mismatch(received, data)).as("first byte that differs").isEqualTo(-1);
        // 256 KiB through 1 KiB of send buffer: some 256 acknowledgments freed space, and the loop
        // handed the parked bytes over at each. The writer queued its first SEND, and another only
        // if an acknowledgment came before it parked: a few tasks, not one per acknowledgment.
        assertThat(fake.tasksFrom(writer.thread())).isBetween(1, 3);
    }

    @Test
    void aReaderWaitingForBytesIsWokenWithThemAndAsksTheLoopOnlyOnce() throws Exception {
        start(64 * 1024, 64 * 1024);
        Pair p = connect(net.listen(7000, 4));
        BlockingTask<Integer> reader = BlockingTask.start(() -> p.client.inputStream().read(new byte[16]));
        reader.awaitBlocked();
        int asked = fake.tasksFrom(reader.thread()); // its pull, which found nothing (it may still be waiting for it)

        p.server.outputStream().write("x".getBytes(US_ASCII));
        assertThat(reader.get()).isEqualTo(1);
        // The arrival queued the pull on the loop: the reader made no second request after it.
        assertThat(fake.tasksFrom(reader.thread())).isEqualTo(asked).isEqualTo(1);
    }

    @Test
    void closeWakesABlockedReaderAndWriter() throws Exception {
        start(1024, 1024);
        Pair p = connect(net.listen(7000, 4));
        BlockingTask<Integer> reader = BlockingTask.start(() -> p.client.inputStream().read()).awaitBlocked();
        BlockingTask<Void> writer = BlockingTask.start(() -> {
            p.client.outputStream().write(new byte[64 * 1024]);
            return null;
        });
        assertThat(fake.connected.get(0).sendBufferFilled.await(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        writer.awaitBlocked();

        p.client.close();
        reader.assertFails(SocketException.class, "Socket closed");
        writer.assertFails(SocketException.class, "Socket closed");
        assertThatThrownBy(() -> p.client.inputStream().read())
                .isExactlyInstanceOf(SocketException.class)
                .hasMessage("Socket closed");
        assertThatThrownBy(p.client::shutdownOutput).hasMessage("Socket closed");
        p.client.close(); // idempotent
        p.client.abort();
    }

    @Test
    void peerResetWakesABlockedReaderAndWriter() throws Exception {
        start(1024, 1024);
        Pair p = connect(net.listen(7000, 4));
        BlockingTask<Integer> reader = BlockingTask.start(() -> p.client.inputStream().read()).awaitBlocked();
        BlockingTask<Void> writer = BlockingTask.start(() -> {
            p.client.outputStream().write(new byte[64 * 1024]);
            return null;
        });
        assertThat(fake.connected.get(0).sendBufferFilled.await(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        writer.awaitBlocked();

        p.server.abort();
        reader.assertFails(SocketException.class, "Connection reset");
        writer.assertFails(SocketException.class, "Connection reset");
        assertThatThrownBy(() -> p.client.inputStream().read())
                .isExactlyInstanceOf(SocketException.class)
                .hasMessage("Connection reset");
        p.client.close();
    }

    @Test
    void bytesReadBeforeAResetAreDeliveredThenTheResetIsReported() throws Exception {
        start(64 * 1024, 64 * 1024);
        Pair p = connect(net.listen(7000, 4));
        p.server.outputStream().write("ab".getBytes(US_ASCII));
        assertThat(p.client.inputStream().read()).isEqualTo('a');
        p.server.abort();
        assertThat(p.client.inputStream().read()).isEqualTo('b');
        assertThatThrownBy(() -> p.client.inputStream().read()).hasMessage("Connection reset");
    }

    @Test
    void closingWithUnreadBytesResetsThePeer() throws Exception {
        start(64 * 1024, 64 * 1024);
        Pair p = connect(net.listen(7000, 4));
        p.server.outputStream().write("ab".getBytes(US_ASCII));
        assertThat(p.client.inputStream().read()).isEqualTo('a');
        p.client.close(); // "b" was never read (RFC 1122 §4.2.2.13)
        assertThat(fake.connected.get(0).aborted.await(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> p.server.inputStream().read()).hasMessage("Connection reset");
    }

    @Test
    void noDelayReachesTheEndpoint() throws Exception {
        start(1024, 1024);
        net.listen(7000, 4);
        TcpStreamSocket client = net.connect(at(7000), CONNECT);
        client.setNoDelay(true);
        assertThat(fake.connected.get(0).noDelay).isTrue();
        client.close();
        assertThatThrownBy(() -> client.setNoDelay(false)).hasMessage("Socket closed");
    }

    @Test
    void connectToAPortNobodyListensOnIsRefused() {
        start(1024, 1024);
        assertThatThrownBy(() -> net.connect(at(9), CONNECT))
                .isExactlyInstanceOf(ConnectException.class)
                .hasMessage("Connection refused");
    }

    @Test
    void connectTimesOutAndAbortsTheAttempt() throws Exception {
        start(1024, 1024);
        fake.silentPorts.add(9);
        assertThatThrownBy(() -> net.connect(at(9), Duration.ofMillis(50)))
                .isExactlyInstanceOf(SocketTimeoutException.class)
                .hasMessage("Connect timed out");
        assertThat(fake.connected.get(0).aborted.await(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void interruptedConnectAbortsTheAttempt() throws Exception {
        start(1024, 1024);
        fake.silentPorts.add(9);
        BlockingTask<TcpStreamSocket> connect = BlockingTask.start(() -> net.connect(at(9), Duration.ZERO)).awaitBlocked();
        connect.thread().interrupt();
        connect.assertFails(InterruptedIOException.class, "Interrupted while blocked on socket");
        assertThat(fake.connected.get(0).aborted.await(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void listenOnABusyPortFails() throws Exception {
        start(1024, 1024);
        net.listen(7000, 4);
        assertThatThrownBy(() -> net.listen(7000, 4))
                .isExactlyInstanceOf(BindException.class)
                .hasMessage("Address already in use");
    }

    @Test
    void closeWakesABlockedAcceptAndLaterAcceptsFail() throws Exception {
        start(1024, 1024);
        StreamServerSocket listener = net.listen(7000, 4);
        BlockingTask<StreamSocket> accept = BlockingTask.start(listener::accept).awaitBlocked();
        listener.close();
        accept.assertFails(SocketException.class, "Socket closed");
        assertThatThrownBy(listener::accept).isExactlyInstanceOf(SocketException.class).hasMessage("Socket closed");
        assertThatThrownBy(() -> net.connect(at(7000), CONNECT)).isInstanceOf(ConnectException.class);
        listener.close(); // idempotent
    }

    @Test
    void closingTheListenerResetsConnectionsNeverAccepted() throws Exception {
        start(1024, 1024);
        StreamServerSocket listener = net.listen(7000, 4);
        StreamSocket client = net.connect(at(7000), CONNECT);
        listener.close();
        assertThatThrownBy(() -> client.inputStream().read()).hasMessage("Connection reset");
    }

    @Test
    void connectionsBeyondTheBacklogAreReset() throws Exception {
        start(1024, 1024);
        StreamServerSocket listener = net.listen(7000, 1);
        StreamSocket first = net.connect(at(7000), CONNECT);
        StreamSocket second = net.connect(at(7000), CONNECT);
        assertThatThrownBy(() -> second.inputStream().read()).hasMessage("Connection reset");
        StreamSocket accepted = listener.accept();
        assertThat(accepted.remoteAddress()).isEqualTo(first.localAddress());
    }

    @Test
    void interruptedReadThrowsAndTheSocketStaysUsable() throws Exception {
        start(1024, 1024);
        Pair p = connect(net.listen(7000, 4));
        CountDownLatch interrupted = new CountDownLatch(1);
        BlockingTask<Integer> reader = BlockingTask.start(() -> {
            try {
                p.client.inputStream().read();
                throw new AssertionError("read returned");
            } catch (InterruptedIOException e) {
                assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
            }
            interrupted.countDown();
            return p.client.inputStream().read();
        }).awaitBlocked();
        reader.thread().interrupt();
        // the byte goes only once the interrupted read has returned: sent earlier, it may win the race
        // and the read returns it, which is not what this test is about
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the read was interrupted").isTrue();
        p.server.outputStream().write('x');
        assertThat(reader.get()).isEqualTo('x');
    }

    @Test
    void interruptedWriteReportsWhatWasHandedOverAndTheSocketStaysUsable() throws Exception {
        start(1024, 1024);
        Pair p = connect(net.listen(7000, 4));
        byte[] data = StreamLoad.randomBytes(64 * 1024, 2);
        BlockingTask<Integer> writer = BlockingTask.start(() -> {
            try {
                p.client.outputStream().write(data);
                throw new AssertionError("write returned");
            } catch (InterruptedIOException e) {
                Thread.interrupted();
                p.client.outputStream().write(data, e.bytesTransferred, data.length - e.bytesTransferred);
                p.client.shutdownOutput();
                return e.bytesTransferred;
            }
        });
        assertThat(fake.connected.get(0).sendBufferFilled.await(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        writer.awaitBlocked().thread().interrupt();
        assertThat(StreamLoad.readAll(p.server.inputStream(), 4096)).isEqualTo(data);
        assertThat(writer.get()).isBetween(1, data.length - 1);
    }

    @Test
    void blockingCallsOnTheEventLoopAreRejected() throws Exception {
        start(1024, 1024);
        net.listen(7000, 4);
        Future<?> onLoop = fake.loopExecutor().submit(() -> net.listen(7001, 4));
        assertThatThrownBy(onLoop::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event loop");
    }

    @Test
    void userMistakesGiveClearErrors() {
        start(1024, 1024);
        assertThatThrownBy(() -> net.listen(70000, 1)).hasMessage("port out of range: 70000");
        assertThatThrownBy(() -> net.listen(7000, 0)).hasMessage("backlog must be at least 1: 0");
        assertThatThrownBy(() -> net.connect(at(7000), Duration.ofSeconds(-1))).hasMessage("negative timeout: PT-1S");
        assertThatThrownBy(() -> net.connect(InetSocketAddress.createUnresolved("nowhere.invalid", 80), CONNECT))
                .isExactlyInstanceOf(UnknownHostException.class);
    }

    @Test
    void manyConnectionsAndThreadsDeliverEveryByteOnceInOrder() throws Exception {
        start(4096, 4096);
        StreamLoad.echoMany(net, net.listen(7000, 64), at(7000), 64, 64 * 1024);
    }
}
