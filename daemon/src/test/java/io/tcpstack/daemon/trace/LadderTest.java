package io.tcpstack.daemon.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.daemon.control.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ladder diagrams of recorded traces, against golden text; the numbers made relative first. */
class LadderTest {
    private static final long PEER_ISN = 4_294_967_000L; // wraps: relative numbers are modulo 2^32
    private static final long STACK_ISN = 5000;

    private final List<TraceEvent> events = new ArrayList<>();

    @Test
    void handshakeDataAndTheTeardownOfAPeerThatClosesFirst() {
        in("SYN", 0, null, 0);
        state("LISTEN", "SYN_RECEIVED");
        out("SYN,ACK", 0, 1L, 0);
        in("ACK", 1, 1L, 0);
        state("SYN_RECEIVED", "ESTABLISHED");
        in("PSH,ACK", 1, 1L, 5);
        out("PSH,ACK", 1, 6L, 5);
        in("ACK", 6, 6L, 0);
        in("FIN,ACK", 6, 6L, 0);
        state("ESTABLISHED", "CLOSE_WAIT");
        out("ACK", 6, 7L, 0);
        state("CLOSE_WAIT", "LAST_ACK");
        out("FIN,ACK", 6, 7L, 0);
        in("ACK", 7, 7L, 0);
        state("LAST_ACK", "CLOSED");

        assertThat(ladder()).isEqualTo("""
                connection 10.0.0.1:41522 (peer, left) <-> 10.0.0.2:7 (stack, right); the stack's states are its own, the peer's inferred from the segments
                           peer                                         stack
                      CLOSED |                                            | LISTEN
                    SYN_SENT |-- SYN seq=0 ------------------------------>| SYN_RECEIVED
                 ESTABLISHED |<-- SYN+ACK seq=0 ack=1 --------------------|
                             |-- ACK ack=1 ------------------------------>| ESTABLISHED
                             |-- seq=1 ack=1 len=5 ---------------------->|
                             |<-- seq=1 ack=6 len=5 ----------------------|
                             |-- ACK ack=6 ------------------------------>|
                  FIN_WAIT_1 |-- FIN seq=6 ack=6 ------------------------>| CLOSE_WAIT
                  FIN_WAIT_2 |<-- ACK ack=7 ------------------------------|
                   TIME_WAIT |<-- FIN seq=6 ack=7 ------------------------| LAST_ACK
                             |-- ACK ack=7 ------------------------------>| CLOSED
                """);
    }

    @Test
    void theStackAsClientClosingFirst() {
        out("SYN", 0, null, 0);
        state("CLOSED", "SYN_SENT"); // reported once the SYN is sent
        in("SYN,ACK", 0, 1L, 0);
        state("SYN_SENT", "ESTABLISHED");
        out("ACK", 1, 1L, 0);
        state("ESTABLISHED", "FIN_WAIT_1");
        out("FIN,ACK", 1, 1L, 0);
        in("ACK", 1, 2L, 0);
        state("FIN_WAIT_1", "FIN_WAIT_2");
        in("FIN,ACK", 1, 2L, 0);
        state("FIN_WAIT_2", "TIME_WAIT");
        out("ACK", 2, 2L, 0);
        state("TIME_WAIT", "CLOSED");

        assertThat(ladder()).isEqualTo("""
                connection 10.0.0.1:41522 (peer, left) <-> 10.0.0.2:7 (stack, right); the stack's states are its own, the peer's inferred from the segments
                           peer                                         stack
                      LISTEN |                                            | CLOSED
                SYN_RECEIVED |<-- SYN seq=0 ------------------------------| SYN_SENT
                             |-- SYN+ACK seq=0 ack=1 -------------------->| ESTABLISHED
                 ESTABLISHED |<-- ACK ack=1 ------------------------------|
                  CLOSE_WAIT |<-- FIN seq=1 ack=1 ------------------------| FIN_WAIT_1
                             |-- ACK ack=2 ------------------------------>| FIN_WAIT_2
                    LAST_ACK |-- FIN seq=1 ack=2 ------------------------>| TIME_WAIT
                      CLOSED |<-- ACK ack=2 ------------------------------|
                             |                                            | CLOSED
                """);
    }

    @Test
    void aSimultaneousClose() {
        in("SYN", 0, null, 0);
        state("LISTEN", "SYN_RECEIVED");
        out("SYN,ACK", 0, 1L, 0);
        in("ACK", 1, 1L, 0);
        state("SYN_RECEIVED", "ESTABLISHED");
        state("ESTABLISHED", "FIN_WAIT_1");
        out("FIN,ACK", 1, 1L, 0);
        in("FIN,ACK", 1, 1L, 0);
        state("FIN_WAIT_1", "CLOSING");
        out("ACK", 2, 2L, 0);
        in("ACK", 2, 2L, 0);
        state("CLOSING", "TIME_WAIT");

        assertThat(ladder()).isEqualTo("""
                connection 10.0.0.1:41522 (peer, left) <-> 10.0.0.2:7 (stack, right); the stack's states are its own, the peer's inferred from the segments
                           peer                                         stack
                      CLOSED |                                            | LISTEN
                    SYN_SENT |-- SYN seq=0 ------------------------------>| SYN_RECEIVED
                 ESTABLISHED |<-- SYN+ACK seq=0 ack=1 --------------------|
                             |-- ACK ack=1 ------------------------------>| ESTABLISHED
                             |<-- FIN seq=1 ack=1 ------------------------| FIN_WAIT_1
                  FIN_WAIT_1 |-- FIN seq=1 ack=1 ------------------------>| CLOSING
                   TIME_WAIT |<-- ACK ack=2 ------------------------------|
                             |-- ACK ack=2 ------------------------------>| TIME_WAIT
                """);
    }

    @Test
    void aResetAndARetransmission() {
        in("SYN", 0, null, 0);
        out("SYN,ACK", 0, 1L, 0);
        state("LISTEN", "SYN_RECEIVED"); // a listener reports it once its SYN+ACK is sent
        out("SYN,ACK", 0, 1L, 0);
        in("ACK", 1, 1L, 0);
        state("SYN_RECEIVED", "ESTABLISHED");
        out("PSH,ACK", 1, 1L, 100);
        out("PSH,ACK", 1, 1L, 100);
        in("RST", 1, null, 0);
        state("ESTABLISHED", "CLOSED");

        assertThat(ladder()).isEqualTo("""
                connection 10.0.0.1:41522 (peer, left) <-> 10.0.0.2:7 (stack, right); the stack's states are its own, the peer's inferred from the segments
                           peer                                         stack
                      CLOSED |                                            | LISTEN
                    SYN_SENT |-- SYN seq=0 ------------------------------>| SYN_RECEIVED
                 ESTABLISHED |<-- SYN+ACK seq=0 ack=1 --------------------|
                             |<-- SYN+ACK seq=0 ack=1 (retransmission) ---|
                             |-- ACK ack=1 ------------------------------>| ESTABLISHED
                             |<-- seq=1 ack=1 len=100 --------------------|
                             |<-- seq=1 ack=1 len=100 (retransmission) ---|
                      CLOSED |-- RST seq=1 ------------------------------>| CLOSED
                """);
    }

    private String ladder() {
        StringBuilder text = new StringBuilder();
        Ladder ladder = new Ladder(line -> text.append(line).append('\n'));
        SequenceNumbers numbers = new SequenceNumbers(false);
        events.forEach(e -> ladder.accept(numbers.apply(e)));
        ladder.flush();
        return text.toString();
    }

    private void in(String flags, long relativeSeq, Long relativeAck, int len) {
        segment("in", flags, (PEER_ISN + relativeSeq) % (1L << 32),
                relativeAck == null ? null : (STACK_ISN + relativeAck) % (1L << 32), len);
    }

    private void out(String flags, long relativeSeq, Long relativeAck, int len) {
        segment("out", flags, (STACK_ISN + relativeSeq) % (1L << 32),
                relativeAck == null ? null : (PEER_ISN + relativeAck) % (1L << 32), len);
    }

    private void segment(String direction, String flags, long seq, Long ack, int len) {
        events.add(new TraceEvent(TraceEvent.SEGMENT, null, 0, "10.0.0.2", 7, "10.0.0.1", 41522, direction,
                List.of(flags.split(",")), seq, ack, len, 64240, null, null, null, null, null, null));
    }

    private void state(String from, String to) {
        events.add(new TraceEvent(TraceEvent.STATE, null, 0, "10.0.0.2", 7, "10.0.0.1", 41522, null, null, null,
                null, null, null, null, null, from, to, "test", null));
    }
}
