package io.tcpstack.daemon.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How responses reach the channel: each small response in one write, so that Nagle's algorithm
 * never holds a body behind its head waiting for the client's delayed ACK; a long body a slice at
 * a time. The service's pipeline runs in an {@link EmbeddedChannel}, which records every write.
 */
class HttpWritesTest {
    @Test
    void eachSmallResponseLeavesInOneWrite() {
        List<String> writes = serve("GET /bytes/10 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /sink HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"
                + "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n"
                + "HEAD /bytes/10 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(writes).hasSize(4);
        assertThat(writes.get(0)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n" + BytesPatternText.first(10));
        assertThat(writes.get(1)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n2 "
                + "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4\n");
        assertThat(writes.get(2)).startsWith("HTTP/1.1 404 Not Found\r\n").endsWith("\r\n\r\n404 Not Found\n");
        assertThat(writes.get(3)).startsWith("HTTP/1.1 200 OK\r\n").contains("connection: close")
                .endsWith("\r\n\r\n");
    }

    @Test
    void aLargeBodyIsStreamedNotHeldWhole() {
        int length = 1 << 20;
        List<String> writes = serve("GET /bytes/" + length + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(writes.size()).as("writes").isGreaterThanOrEqualTo(length / BytesPattern.MAX_SLICE);
        assertThat(writes.stream().mapToInt(String::length).max().orElseThrow()).as("longest write")
                .isLessThanOrEqualTo(BytesPattern.MAX_SLICE);
        assertThat(writes.stream().mapToInt(String::length).sum()).as("bytes written").isGreaterThan(length);
    }

    /** Feeds {@code script} to a served connection; returns each write, as text. */
    private static List<String> serve(String script) {
        StatusPage page = new StatusPage(() -> List.of("echo on port 7"), List::of);
        EmbeddedChannel channel = new EmbeddedChannel(new HttpChannels(new HttpRoutes(page, null), Clock.systemUTC(),
                ServiceTimeouts.HTTP_DEFAULTS, ServiceLimits.NONE, new ServiceCounters()));
        channel.writeInbound(Unpooled.copiedBuffer(script, StandardCharsets.US_ASCII));
        channel.runPendingTasks();
        List<String> writes = new ArrayList<>();
        for (ByteBuf write; (write = channel.readOutbound()) != null; ) {
            try {
                writes.add(write.toString(StandardCharsets.ISO_8859_1));
            } finally {
                write.release();
            }
        }
        channel.finishAndReleaseAll();
        return writes;
    }

    /** The first {@code n} bytes of {@link BytesPattern} as text. */
    private static final class BytesPatternText {
        static String first(int n) {
            ByteBuf slice = BytesPattern.slice(0, n);
            try {
                return slice.toString(StandardCharsets.ISO_8859_1);
            } finally {
                slice.release();
            }
        }
    }
}
