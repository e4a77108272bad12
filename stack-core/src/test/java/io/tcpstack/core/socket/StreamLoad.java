package io.tcpstack.core.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Test traffic for stream sockets: seeded data, whole-stream reads, and many echoed connections at once. */
final class StreamLoad {
    private StreamLoad() {}

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Reads to the end of the stream in reads of at most {@code step} bytes. */
    static byte[] readAll(InputStream in, int step) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[step];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Opens {@code connections} connections to {@code listener} at once; the server end of each
     * echoes on its own virtual thread, the client end writes {@code size} seeded bytes in pieces
     * of varied size on one virtual thread and reads the echo on another. Asserts every byte came
     * back once, in order, on every connection.
     */
    static void echoMany(StreamNetwork clientNet, StreamServerSocket listener, InetSocketAddress remote,
            int connections, int size) throws Exception {
        BlockingTask<Void> acceptor = BlockingTask.start(() -> {
            for (int i = 0; i < connections; i++) {
                StreamSocket s = listener.accept();
                Thread.ofVirtual().start(() -> echo(s));
            }
            return null;
        });
        CompletableFuture<?>[] ends = new CompletableFuture<?>[2 * connections];
        for (int i = 0; i < connections; i++) {
            StreamSocket client = clientNet.connect(remote, BlockingTask.BOUND);
            byte[] data = randomBytes(size, 100 + i);
            ends[2 * i] = BlockingTask.start(() -> {
                Random pieces = new Random(data.length);
                for (int off = 0; off < data.length; ) {
                    int n = Math.min(1 + pieces.nextInt(3000), data.length - off);
                    client.outputStream().write(data, off, n);
                    off += n;
                }
                client.shutdownOutput();
                return null;
            }).result();
            ends[2 * i + 1] = BlockingTask.start(() -> {
                byte[] echoed = readAll(client.inputStream(), 777);
                client.close();
                assertThat(echoed).isEqualTo(data);
                return null;
            }).result();
        }
        acceptor.get();
        CompletableFuture.allOf(ends).get(BlockingTask.BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    private static void echo(StreamSocket s) {
        try (s) {
            byte[] buf = new byte[1500];
            for (int n; (n = s.inputStream().read(buf)) >= 0; ) {
                s.outputStream().write(buf, 0, n);
            }
            s.shutdownOutput();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
