package io.tcpstack.daemon.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.core.socket.StreamSocket;
import io.tcpstack.core.tcp.Keepalive;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How responses reach the socket: each small response in one write, so that Nagle's algorithm
 * never holds a body behind its head waiting for the client's delayed ACK.
 */
class HttpConnectionWritesTest {
    @Test
    void eachSmallResponseLeavesInOneWrite() throws Exception {
        RecordingSocket socket = new RecordingSocket("GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /bytes/10 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "HEAD /bytes/10 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        serve(socket);

        assertThat(socket.writes).hasSize(3);
        assertThat(socket.writes.get(0)).startsWith("HTTP/1.1 200 OK\r\n").contains("echo on port 7\n");
        assertThat(socket.writes.get(1)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n" + BytesPatternText.first(10));
        assertThat(socket.writes.get(2)).startsWith("HTTP/1.1 200 OK\r\n").contains("connection: close")
                .endsWith("\r\n\r\n");
    }

    @Test
    void aLargeBodyIsStreamedNotHeldWhole() throws Exception {
        int length = 1 << 20;
        RecordingSocket socket = new RecordingSocket(
                "GET /bytes/" + length + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        serve(socket);

        assertThat(socket.writes.size()).as("writes").isGreaterThanOrEqualTo(length / BytesPattern.MAX_SLICE);
        assertThat(socket.writes.stream().mapToInt(String::length).max().orElseThrow()).as("longest write")
                .isLessThanOrEqualTo(BytesPattern.MAX_SLICE);
        assertThat(socket.writes.stream().mapToInt(String::length).sum()).as("bytes written")
                .isGreaterThan(length);
    }

    private static void serve(RecordingSocket socket) throws Exception {
        StatusPage page = new StatusPage(() -> List.of("echo on port 7"), List::of);
        new HttpConnection(socket, new HttpRoutes(page, null), Clock.systemUTC(), ServiceTimeouts.HTTP_DEFAULTS).run();
    }

    /** The first {@code n} bytes of {@link BytesPattern} as text. */
    private static final class BytesPatternText {
        static String first(int n) {
            io.netty.buffer.ByteBuf slice = BytesPattern.slice(0, n);
            try {
                return slice.toString(StandardCharsets.ISO_8859_1);
            } finally {
                slice.release();
            }
        }
    }

    /** A socket that reads a script and records each write to it. */
    private static final class RecordingSocket implements StreamSocket {
        final List<String> writes = new ArrayList<>();
        private final InputStream in;
        private final OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                bytes.write(b, off, len);
                writes.add(bytes.toString(StandardCharsets.ISO_8859_1));
            }
        };

        RecordingSocket(String script) {
            in = new ByteArrayInputStream(script.getBytes(StandardCharsets.US_ASCII));
        }

        @Override public InputStream inputStream() { return in; }
        @Override public OutputStream outputStream() { return out; }
        @Override public void shutdownOutput() { }
        @Override public void close() { }
        @Override public void abort() { }
        @Override public void setNoDelay(boolean noDelay) { }
        @Override public void setKeepalive(Keepalive keepalive) { }
        @Override public void setUserTimeout(Duration timeout) { }
        @Override public void setReadTimeout(Duration timeout) { }
        @Override public InetSocketAddress localAddress() { return new InetSocketAddress("10.0.0.2", 80); }
        @Override public InetSocketAddress remoteAddress() { return new InetSocketAddress("10.0.0.1", 40000); }
    }
}
