package io.tcpstack.daemon.services;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** Client-side helpers for service tests: loopback JDK sockets. */
final class Clients {
    /** Read timeout so that a broken service fails the test instead of hanging it. */
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private Clients() {
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(JdkStreamNetwork.LOOPBACK, port));
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    /** Blocking client-side work, each on its own virtual thread. */
    @FunctionalInterface
    interface IoTask {
        void run() throws IOException;
    }

    static CompletableFuture<Void> inBackground(IoTask task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
