package io.tcpstack.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcpstack.core.tcp.TcpState;
import io.tcpstack.core.tcp.TcpTransition;
import io.tcpstack.core.wire.TcpHeader;
import io.tcpstack.core.wire.TcpOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code trace} command over a real control socket, fed by a stand-in for the stack's taps. */
class TraceStreamTest {
    private static final int PEER = 0x0A000001;
    private static final int STACK = 0x0A000002;

    @TempDir
    Path dir;
    private ControlServer server;
    private final CompletableFuture<TraceSubscription> subscribed = new CompletableFuture<>();
    private final CompletableFuture<TraceSubscription> unsubscribed = new CompletableFuture<>();

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void streamsSegmentsAndStatesWithTheirFieldsAndEndsWhenTheClientHangsUp() throws Exception {
        Path socket = start(s -> { });
        ObjectNode request = ControlProtocol.request("trace");
        request.set("filter", ControlProtocol.JSON.valueToTree(new TraceFilter(null, null, 7, null)));
        try (ControlClient.Stream stream = new ControlClient(socket).open(request)) {
            assertThat(stream.next().get("type").asText()).isEqualTo("started");
            TraceSubscription subscription = subscribed.get(10, TimeUnit.SECONDS);
            assertThat(subscription.filter().anyPort()).isEqualTo(7);
            TcpOptions options = new TcpOptions().mss(1460).windowScale(7).sackPermitted(true).timestamps(5, 0);
            options.addSackBlock(-10, 20);
            subscription.offer(TraceRecord.Segment.of(1_000_000, 0, STACK, true, PEER, 7, 41522, -1, 0,
                    TcpHeader.SYN, 64240, 0, options));
            subscription.offer(new TraceRecord.State(1_000_001, 0, new TcpTransition(1, STACK, 7, PEER, 41522,
                    TcpState.LISTEN, TcpState.SYN_RECEIVED, "SYN from peer")));

            TraceEvent syn = ControlClient.event(next(stream));
            assertThat(syn.type()).isEqualTo("segment");
            assertThat(syn.direction()).isEqualTo("in");
            assertThat(syn.flags()).containsExactly("SYN");
            assertThat(syn.seq()).as("unsigned").isEqualTo(4_294_967_295L);
            assertThat(syn.ack()).as("no ACK bit").isNull();
            assertThat(syn.peerAddress()).isEqualTo("10.0.0.1");
            assertThat(syn.localPort()).isEqualTo(7);
            assertThat(syn.window()).isEqualTo(64240);
            assertThat(syn.options()).isEqualTo(new TraceEvent.Options(1460, 7, true, 5L, 0L,
                    List.of(List.of(4_294_967_286L, 20L))));
            TraceEvent state = ControlClient.event(next(stream));
            assertThat(state.from()).isEqualTo("LISTEN");
            assertThat(state.to()).isEqualTo("SYN_RECEIVED");
            assertThat(state.cause()).isEqualTo("SYN from peer");
        }
        assertThat(unsubscribed.get(10, TimeUnit.SECONDS)).as("noticed at the next idle line")
                .isSameAs(subscribed.get());
    }

    @Test
    void aClientThatFallsBehindIsToldHowManyRecordsWereDropped() throws Exception {
        int extra = 3;
        Path socket = start(s -> {
            for (int i = 0; i < TraceSubscription.CAPACITY + extra; i++) {
                s.offer(new TraceRecord.State(i, 0, new TcpTransition(1, STACK, 7, PEER, 41522,
                        TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, "FIN")));
            }
        });
        try (ControlClient.Stream stream = new ControlClient(socket).open(ControlProtocol.request("trace"))) {
            assertThat(stream.next().get("type").asText()).isEqualTo("started");
            JsonNode first = stream.next();
            assertThat(first.get("type").asText()).isEqualTo("dropped");
            assertThat(first.get("dropped").asLong()).isEqualTo(extra);
            for (int i = 0; i < TraceSubscription.CAPACITY; i++) {
                assertThat(stream.next().get("time").asLong()).isEqualTo(i);
            }
        }
    }

    @Test
    void aFullSubscriptionDropsAndCountsWithoutWaiting() {
        TraceSubscription s = new TraceSubscription(TraceFilter.ALL, 2);
        TraceRecord r = new TraceRecord.State(0, 0, null);
        s.offer(r);
        s.offer(r);
        s.offer(r);

        assertThat(s.dropped()).isEqualTo(1);
        assertThat(s.poll(0)).isSameAs(r);
        assertThat(s.poll(0)).isSameAs(r);
        assertThat(s.poll(1000)).isNull();
    }

    @Test
    void filtersByPortsAndPeerAddress() {
        assertThat(TraceFilter.ALL.matches(7, PEER, 41522)).isTrue();
        assertThat(new TraceFilter(null, null, 7, null).matches(7, PEER, 41522)).isTrue();
        assertThat(new TraceFilter(null, null, 41522, null).matches(7, PEER, 41522)).isTrue();
        assertThat(new TraceFilter(null, null, 8, null).matches(7, PEER, 41522)).isFalse();
        assertThat(new TraceFilter(7, 41522, null, "10.0.0.1").matches(7, PEER, 41522)).isTrue();
        assertThat(new TraceFilter(7, 41522, null, "10.0.0.3").matches(7, PEER, 41522)).isFalse();
        assertThat(new TraceFilter(7, 41523, null, null).matches(7, PEER, 41522)).isFalse();
        assertThat(TraceFilter.parse("10.0.0.1")).isEqualTo(PEER);
        assertThat(TraceFilter.parse("10.0.0")).isEqualTo(-1);
        assertThat(TraceFilter.parse("10.0.0.256")).isEqualTo(-1);
    }

    /** The next line that is not an idle line. */
    private static JsonNode next(ControlClient.Stream stream) throws IOException {
        for (JsonNode line = stream.next(); line != null; line = stream.next()) {
            if (!line.get("type").asText().equals("idle")) {
                return line;
            }
        }
        throw new AssertionError("the stream ended");
    }

    private Path start(Consumer<TraceSubscription> onSubscribe) {
        Path socket = dir.resolve("tcps0.sock");
        server = ControlServer.start(socket, new ControlProtocol(List::of, new TraceSource() {
            @Override
            public void subscribe(TraceSubscription subscription) {
                onSubscribe.accept(subscription);
                subscribed.complete(subscription);
            }

            @Override
            public void unsubscribe(TraceSubscription subscription) {
                unsubscribed.complete(subscription);
            }
        }));
        assertThat(server).isNotNull();
        return socket;
    }
}
