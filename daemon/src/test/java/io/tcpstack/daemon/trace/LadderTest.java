package io.tcpstack.daemon.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ladder diagrams of recorded traces, against golden text; the numbers made relative first. */
class LadderTest {
    private static final String HEADER = "connection 10.0.0.1:41522 (peer, left) <-> 10.0.0.2:7 (stack, right);"
            + " the stack's states are its own, the peer's inferred from the segments\n"
            + "           peer                                         stack\n";

    /** A listener's 3-way handshake (RFC 9293 §3.5, figure 6), and its diagram. */
    private static final String PASSIVE_OPEN = """
                in SYN 0 - 0
                state LISTEN SYN_RECEIVED
                out SYN,ACK 0 1 0
                in ACK 1 1 0
                state SYN_RECEIVED ESTABLISHED
                """;
    private static final String PASSIVE_OPEN_ROWS = """
                      CLOSED |                                            | LISTEN
                    SYN_SENT |-- SYN seq=0 ------------------------------>| SYN_RECEIVED
                 ESTABLISHED |<-- SYN+ACK seq=0 ack=1 --------------------|
                             |-- ACK ack=1 ------------------------------>| ESTABLISHED
                """;

    @Test
    void handshakeDataAndTheTeardownOfAPeerThatClosesFirst() {
        assertThat(TraceScript.ECHO).startsWith(PASSIVE_OPEN);
        assertThat(ladder(TraceScript.ECHO)).isEqualTo(HEADER + PASSIVE_OPEN_ROWS + """
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
        assertThat(ladder("""
                out SYN 0 - 0
                state CLOSED SYN_SENT # reported once the SYN is sent
                in SYN,ACK 0 1 0
                state SYN_SENT ESTABLISHED
                out ACK 1 1 0
                state ESTABLISHED FIN_WAIT_1
                out FIN,ACK 1 1 0
                in ACK 1 2 0
                state FIN_WAIT_1 FIN_WAIT_2
                in FIN,ACK 1 2 0
                state FIN_WAIT_2 TIME_WAIT
                out ACK 2 2 0
                state TIME_WAIT CLOSED
                """)).isEqualTo(HEADER + """
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

    /** Daytime's order: the application closes as the ACK of its data arrives; the state goes beside the FIN. */
    @Test
    void aCloseCallAnsweringASegmentIsDrawnBesideItsFin() {
        assertThat(ladder(PASSIVE_OPEN + """
                out PSH,ACK 1 1 30
                in ACK 1 31 0
                state ESTABLISHED FIN_WAIT_1
                out FIN,ACK 31 1 0
                in FIN,ACK 1 32 0
                state FIN_WAIT_1 FIN_WAIT_2
                state FIN_WAIT_2 TIME_WAIT
                out ACK 32 2 0
                state TIME_WAIT CLOSED
                """)).isEqualTo(HEADER + PASSIVE_OPEN_ROWS + """
                             |<-- seq=1 ack=1 len=30 ---------------------|
                             |-- ACK ack=31 ----------------------------->|
                  CLOSE_WAIT |<-- FIN seq=31 ack=1 -----------------------| FIN_WAIT_1
                    LAST_ACK |-- FIN seq=1 ack=32 ----------------------->| FIN_WAIT_2
                      CLOSED |<-- ACK ack=2 ------------------------------| TIME_WAIT
                             |                                            | CLOSED
                """);
    }

    /** RFC 9293 §3.5 figure 8: the SYNs cross, each end answers the other's with SYN+ACK. */
    @Test
    void aSimultaneousOpen() {
        assertThat(ladder("""
                out SYN 0 - 0
                state CLOSED SYN_SENT
                in SYN 0 - 0
                state SYN_SENT SYN_RECEIVED
                out SYN,ACK 0 1 0
                in SYN,ACK 0 1 0
                state SYN_RECEIVED ESTABLISHED
                """)).isEqualTo(HEADER + """
                      LISTEN |                                            | CLOSED
                             |<-- SYN seq=0 ------------------------------| SYN_SENT
                    SYN_SENT |-- SYN seq=0 ------------------------------>| SYN_RECEIVED
                 ESTABLISHED |<-- SYN+ACK seq=0 ack=1 --------------------|
                             |-- SYN+ACK seq=0 ack=1 -------------------->| ESTABLISHED
                """);
    }

    @Test
    void aSimultaneousClose() {
        assertThat(ladder(PASSIVE_OPEN + """
                state ESTABLISHED FIN_WAIT_1
                out FIN,ACK 1 1 0
                in FIN,ACK 1 1 0
                state FIN_WAIT_1 CLOSING
                out ACK 2 2 0
                in ACK 2 2 0
                state CLOSING TIME_WAIT
                """)).isEqualTo(HEADER + PASSIVE_OPEN_ROWS + """
                             |<-- FIN seq=1 ack=1 ------------------------| FIN_WAIT_1
                  FIN_WAIT_1 |-- FIN seq=1 ack=1 ------------------------>| CLOSING
                   TIME_WAIT |<-- ACK ack=2 ------------------------------|
                             |-- ACK ack=2 ------------------------------>| TIME_WAIT
                """);
    }

    @Test
    void aResetAndARetransmission() {
        assertThat(ladder("""
                in SYN 0 - 0
                out SYN,ACK 0 1 0
                state LISTEN SYN_RECEIVED # a listener reports it once its SYN+ACK is sent
                out SYN,ACK 0 1 0
                in ACK 1 1 0
                state SYN_RECEIVED ESTABLISHED
                out PSH,ACK 1 1 100
                out PSH,ACK 1 1 100
                in RST 1 - 0
                state ESTABLISHED CLOSED
                """)).isEqualTo(HEADER + """
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

    /** The diagram of a {@link TraceScript}. */
    private static String ladder(String script) {
        StringBuilder text = new StringBuilder();
        Ladder ladder = new Ladder(line -> text.append(line).append('\n'));
        SequenceNumbers numbers = new SequenceNumbers(false);
        TraceScript.events(script).forEach(e -> ladder.accept(numbers.apply(e)));
        ladder.flush();
        return text.toString();
    }
}
