package io.tcpstack.daemon.services.iperf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.daemon.services.ScriptedStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/**
 * The iperf3 server's state machines over scripted streams: messages in pieces, back-pressure on
 * writes, the refusals, CLIENT_TERMINATE, the stream deadline, and the counts in the results.
 */
class IperfHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The handler's clock, moved by the tests. */
    private long now = 1_000_000_000L;
    private final IperfHandler server = new IperfHandler(() -> now, new IperfTests(), Runnable::run);

    /** One client connection: a scripted stream, and how far the test has read what the server sent. */
    private final class Connection {
        final ScriptedStream stream;
        /** The handler of the loop this connection arrived on. */
        final IperfHandler handler;
        /** Bytes of {@code stream.sent} the test has checked. */
        int seen;

        Connection(int space) {
            this(space, server);
        }

        Connection(int space, IperfHandler handler) {
            this.handler = handler;
            stream = new ScriptedStream(space);
            handler.onOpen(stream);
        }

        /** Delivers {@code bytes} in one piece. */
        Connection send(byte[] bytes) {
            stream.arrive(bytes);
            handler.onReadable(stream);
            return this;
        }

        /** Delivers {@code bytes} one at a time, an onReadable for each. */
        Connection trickle(byte[] bytes) {
            for (byte b : bytes) {
                send(new byte[] {b});
            }
            return this;
        }

        Connection state(IperfState state) {
            return send(new byte[] {state.code});
        }

        void fin() {
            stream.finReceived = true;
            handler.onReadable(stream);
        }

        void writable(int moreSpace) {
            stream.space += moreSpace;
            handler.onWritable(stream);
        }

        void closedByStack() {
            handler.onClosed(stream, null);
        }

        /** What the server sent since the last call. */
        ByteBuf news() {
            byte[] all = stream.sent.toByteArray();
            ByteBuf fresh = Unpooled.wrappedBuffer(Arrays.copyOfRange(all, seen, all.length));
            seen = all.length;
            return fresh;
        }

        /** Asserts that the server sent exactly these states since the last check. */
        void expectStates(IperfState... states) {
            ByteBuf fresh = news();
            byte[] expected = new byte[states.length];
            for (int i = 0; i < states.length; i++) {
                expected[i] = states[i].code;
            }
            byte[] actual = new byte[fresh.readableBytes()];
            fresh.readBytes(actual);
            assertThat(actual).as("states sent").containsExactly(expected);
        }
    }

    private static byte[] cookie(char fill) {
        byte[] cookie = new byte[IperfHandler.COOKIE_SIZE];
        Arrays.fill(cookie, 0, 36, (byte) fill);
        return cookie; // last byte NUL, as iperf3 sends it
    }

    /** A JSON document as iperf3 frames it: 4-byte big-endian length, then the text. */
    private static byte[] framed(String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        ByteBuf framed = Unpooled.buffer().writeInt(text.length).writeBytes(text);
        return Arrays.copyOf(framed.array(), framed.writerIndex());
    }

    private static JsonNode readJson(ByteBuf from) throws Exception {
        byte[] text = new byte[from.readInt()];
        from.readBytes(text);
        return JSON.readTree(text);
    }

    /** A control connection through PARAM_EXCHANGE and CREATE_STREAMS with these parameters. */
    private Connection control(char fill, String parameters) {
        Connection control = new Connection(1 << 16);
        control.send(cookie(fill));
        control.expectStates(IperfState.PARAM_EXCHANGE);
        control.send(framed(parameters));
        control.expectStates(IperfState.CREATE_STREAMS);
        return control;
    }

    private Connection dataStream(char fill, int space) {
        return new Connection(space).send(cookie(fill));
    }

    @Test
    void aTestWhoseMessagesArriveByteByByteCountsWhatEachStreamReceived() throws Exception {
        Connection control = new Connection(1 << 16);
        control.trickle(cookie('a'));
        control.expectStates(IperfState.PARAM_EXCHANGE);
        control.trickle(framed("{\"tcp\":true,\"parallel\":2,\"time\":2}"));
        control.expectStates(IperfState.CREATE_STREAMS);

        Connection first = dataStream('a', 0);
        control.expectStates();
        Connection second = new Connection(0).trickle(cookie('a'));
        control.expectStates(IperfState.TEST_START, IperfState.TEST_RUNNING);

        first.send(new byte[3000]);
        second.send(new byte[5000]).send(new byte[1000]);
        assertThat(second.stream.readableBytes()).as("dropped as it arrives").isZero();
        now += Duration.ofSeconds(2).toNanos();
        control.state(IperfState.TEST_END);
        control.expectStates(IperfState.EXCHANGE_RESULTS);
        first.send(new byte[700]); // in flight at TEST_END: drained, not counted

        control.trickle(framed("{\"cpu_util_total\":1,\"streams\":[{\"id\":5},{\"id\":7}]}"));
        ByteBuf reply = control.news();
        JsonNode results = readJson(reply);
        assertThat(reply.readByte()).as("DISPLAY_RESULTS").isEqualTo(IperfState.DISPLAY_RESULTS.code);
        assertThat(results.path("sender_has_retransmits").asInt()).as("only received").isEqualTo(-1);
        JsonNode streams = results.path("streams");
        assertThat(streams).hasSize(2);
        assertThat(streams.get(0).path("id").asInt()).isEqualTo(5);
        assertThat(streams.get(0).path("bytes").asLong()).isEqualTo(3000);
        assertThat(streams.get(1).path("id").asInt()).isEqualTo(7);
        assertThat(streams.get(1).path("bytes").asLong()).isEqualTo(6000);
        assertThat(streams.get(1).path("end_time").asDouble()).isEqualTo(2.0);

        control.state(IperfState.IPERF_DONE);
        assertThat(control.stream.closed).isTrue();
        assertThat(control.stream.aborted).isFalse();
        first.fin();
        assertThat(first.stream.closed).as("a data stream closes at the client's FIN").isTrue();
        control("b", "{\"tcp\":true}"); // the server is free for the next test
    }

    private Connection control(String fill, String parameters) {
        return control(fill.charAt(0), parameters);
    }

    @Test
    void aSendingStreamFillsItsSendBufferWithThePatternAndControlWritesWaitForRoom() throws Exception {
        Connection control = control('r', "{\"tcp\":true,\"reverse\":true,\"len\":10}");
        Connection data = dataStream('r', 25);
        control.expectStates(IperfState.TEST_START, IperfState.TEST_RUNNING);
        assertThat(data.stream.sentText()).isEqualTo("0123456789" + "0123456789" + "01234");
        data.writable(7);
        assertThat(data.stream.sentText()).endsWith("0123456789" + "01");

        control.state(IperfState.TEST_END);
        assertThat(data.stream.closed).as("a sender closes at TEST_END").isTrue();
        control.expectStates(IperfState.EXCHANGE_RESULTS);
        control.stream.space = 3; // the results do not fit at once
        control.send(framed("{\"streams\":[{\"id\":1}]}"));
        assertThat(control.stream.sent.size() - control.seen).isEqualTo(3);
        control.writable(5);
        control.writable(1 << 16);
        ByteBuf reply = control.news();
        JsonNode results = readJson(reply);
        assertThat(reply.readByte()).as("DISPLAY_RESULTS after the results").isEqualTo(IperfState.DISPLAY_RESULTS.code);
        assertThat(results.path("sender_has_retransmits").asInt()).isZero();
        assertThat(results.path("streams").get(0).path("bytes").asLong()).isEqualTo(32);

        control.fin(); // iperf3 may close without IPERF_DONE once the results are displayed
        assertThat(control.stream.closed).isTrue();
        assertThat(control.stream.aborted).isFalse();
    }

    @Test
    void aTestsControlAndDataStreamsOnTwoLoopsHandTheirWorkToEachOthersLoop() throws Exception {
        IperfTests tests = new IperfTests();
        Deque<Runnable> loopA = new ArrayDeque<>();
        Deque<Runnable> loopB = new ArrayDeque<>();
        IperfHandler onA = new IperfHandler(() -> now, tests, loopA::add);
        IperfHandler onB = new IperfHandler(() -> now, tests, loopB::add);
        Connection control = new Connection(1 << 16, onA);
        control.send(cookie('q'));
        control.send(framed("{\"tcp\":true,\"reverse\":true,\"parallel\":2,\"len\":10}"));
        control.expectStates(IperfState.PARAM_EXCHANGE, IperfState.CREATE_STREAMS);
        Connection onOwnLoop = new Connection(10, onA).send(cookie('q'));
        Connection onOtherLoop = new Connection(10, onB).send(cookie('q'));
        assertThat(new Connection(10, onB).send(cookie('z')).stream.sent.toByteArray())
                .as("another test's control connection, on the other loop, while this one runs")
                .containsExactly(IperfState.ACCESS_DENIED.code);
        control.expectStates();

        run(loopA); // the last stream's news reaches the control's loop; TEST_START posts the senders' start
        control.expectStates(IperfState.TEST_START, IperfState.TEST_RUNNING);
        assertThat(onOtherLoop.stream.sentText()).as("nothing written before its own loop runs").isEmpty();
        run(loopA);
        run(loopB);
        assertThat(onOwnLoop.stream.sentText()).isEqualTo("0123456789");
        assertThat(onOtherLoop.stream.sentText()).as("its own block, its own indices").isEqualTo("0123456789");

        control.state(IperfState.TEST_END);
        run(loopB);
        run(loopA);
        assertThat(onOtherLoop.stream.closed).as("the sender on the other loop closes at TEST_END").isTrue();
        control.expectStates(IperfState.EXCHANGE_RESULTS);
        control.send(framed("{\"streams\":[{\"id\":1},{\"id\":2}]}"));
        JsonNode results = readJson(control.news());
        assertThat(results.path("streams").findValuesAsText("bytes")).containsExactly("10", "10");
        control.state(IperfState.IPERF_DONE);
        assertThat(tests.current()).as("the server is free for the next test").isNull();
    }

    private static void run(Deque<Runnable> loop) {
        for (Runnable task; (task = loop.poll()) != null; ) {
            task.run();
        }
    }

    @Test
    void aByteLimitIsSentExactlyAcrossStreamsAndThenTheyClose() {
        control('n', "{\"tcp\":true,\"reverse\":true,\"parallel\":2,\"len\":10,\"num\":15}");
        Connection first = dataStream('n', 0);
        Connection second = dataStream('n', 100);
        assertThat(second.stream.sentText()).isEqualTo("0123456789" + "01234");
        assertThat(second.stream.closed).isTrue();
        first.writable(100);
        assertThat(first.stream.sent.size()).as("the budget is spent").isZero();
        assertThat(first.stream.closed).isTrue();
    }

    @Test
    void clientTerminateEndsTheTestAndFreesTheServer() {
        Connection control = control('t', "{\"tcp\":true,\"reverse\":true}");
        Connection data = dataStream('t', 100);
        control.expectStates(IperfState.TEST_START, IperfState.TEST_RUNNING);
        control.state(IperfState.CLIENT_TERMINATE);
        assertThat(control.stream.closed).isTrue();
        assertThat(data.stream.closed).isTrue();
        data.writable(100);
        assertThat(data.stream.sent.size()).as("nothing after the end").isEqualTo(100);
        control('u', "{\"tcp\":true}");
    }

    @Test
    void connectionsThatComeAtTheWrongTimeAreDenied() {
        Connection control = new Connection(100).send(cookie('a'));
        Connection early = dataStream('a', 100); // a data stream before the parameters
        assertThat(early.stream.sent.toByteArray()).containsExactly(IperfState.ACCESS_DENIED.code);
        assertThat(early.stream.closed).isTrue();
        early.send(new byte[10]); // whatever still arrives is dropped
        assertThat(early.stream.sent.size()).isOne();

        control.send(framed("{\"tcp\":true}"));
        Connection other = new Connection(100).send(cookie('b')); // a second test while one runs
        assertThat(other.stream.sent.toByteArray()).containsExactly(IperfState.ACCESS_DENIED.code);
        Connection data = dataStream('a', 100);
        Connection extra = dataStream('a', 100); // one stream more than announced
        assertThat(extra.stream.sent.toByteArray()).containsExactly(IperfState.ACCESS_DENIED.code);
        assertThat(data.stream.closed).isFalse();
        Connection stranger = dataStream('z', 100); // a cookie no test has
        assertThat(stranger.stream.sent.toByteArray()).containsExactly(IperfState.ACCESS_DENIED.code);
    }

    @Test
    void aConnectionThatEndsBeforeItsCookieIsClosed() {
        Connection c = new Connection(100).send(Arrays.copyOf(cookie('a'), 20));
        c.fin();
        assertThat(c.stream.closed).isTrue();
        assertThat(c.stream.sent.size()).isZero();
    }

    @Test
    void malformedParametersGetServerErrorAndFreeTheServer() {
        Connection control = new Connection(100).send(cookie('c'));
        control.expectStates(IperfState.PARAM_EXCHANGE);
        control.send(framed("{\"tcp\":true,\"parallel\":0}"));
        ByteBuf reply = control.news();
        assertThat(reply.readByte()).isEqualTo(IperfState.SERVER_ERROR.code);
        assertThat(reply.readInt()).as("IERECVPARAMS").isEqualTo(114);
        assertThat(reply.readInt()).as("EINVAL").isEqualTo(22);
        assertThat(control.stream.closed).isTrue();
        control('d', "{\"tcp\":true}");
    }

    @Test
    void udpIsRefusedWithIperfsProtocolError() {
        Connection control = new Connection(100).send(cookie('u'));
        control.news();
        control.send(framed("{\"udp\":true}"));
        ByteBuf reply = control.news();
        assertThat(reply.readByte()).isEqualTo(IperfState.SERVER_ERROR.code);
        assertThat(reply.readInt()).as("IEPROTOCOL").isEqualTo(131);
    }

    @Test
    void anOversizedJsonLengthOrUnknownStateResetsTheControlConnection() {
        Connection control = control('j', "{\"tcp\":true}");
        dataStream('j', 0);
        control.state(IperfState.TEST_END);
        control.send(new byte[] {0x7f, 0, 0, 0}); // results of 2 GiB
        assertThat(control.stream.aborted).isTrue();
        control.closedByStack();

        Connection next = control('k', "{\"tcp\":true}");
        dataStream('k', 0);
        next.send(new byte[] {99});
        assertThat(next.stream.aborted).isTrue();
        next.closedByStack();
        control('l', "{\"tcp\":true}");
    }

    @Test
    void theControlConnectionEndingMidTestEndsTheTest() {
        Connection control = control('m', "{\"tcp\":true,\"reverse\":true}");
        Connection data = dataStream('m', 10);
        control.fin();
        assertThat(control.stream.aborted).isTrue();
        assertThat(data.stream.closed).isTrue();
        control('n', "{\"tcp\":true}");
    }

    @Test
    void aTestStillMissingStreamsAfterTheWaitGivesWayToTheNextClient() {
        Connection late = control('w', "{\"tcp\":true,\"parallel\":2}");
        dataStream('w', 0);
        now += ControlSession.STREAM_WAIT.toNanos();
        Connection denied = new Connection(100).send(cookie('x'));
        assertThat(denied.stream.sent.toByteArray()).as("not late yet").containsExactly(IperfState.ACCESS_DENIED.code);

        now += 1;
        Connection next = new Connection(100).send(cookie('y'));
        next.expectStates(IperfState.PARAM_EXCHANGE);
        ByteBuf reply = late.news();
        assertThat(reply.readByte()).isEqualTo(IperfState.SERVER_ERROR.code);
        assertThat(reply.readInt()).as("IESTREAMACCEPT").isEqualTo(204);
        assertThat(reply.readInt()).as("ETIMEDOUT").isEqualTo(110);
        assertThat(late.stream.closed).isTrue();
    }
}
