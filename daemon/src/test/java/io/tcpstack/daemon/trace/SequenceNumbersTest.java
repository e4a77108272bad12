package io.tcpstack.daemon.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.daemon.control.TraceEvent;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Relative sequence numbers as Wireshark shows them, and the text lines that print them. */
class SequenceNumbersTest {
    private static final TraceEvent.Options SYN_OPTIONS = new TraceEvent.Options(1460, 7, true, 100L, 0L, null);

    @Test
    void eachDirectionCountsFromItsOwnIsnAndAcksAndSackBlocksFromTheOther() {
        SequenceNumbers numbers = new SequenceNumbers(false);
        TraceText text = new TraceText(ZoneOffset.UTC);

        TraceEvent syn = numbers.apply(segment("in", "SYN", 4_294_967_290L, null, 0, SYN_OPTIONS));
        TraceEvent synAck = numbers.apply(segment("out", "SYN,ACK", 1000, 4_294_967_291L, 0, null));
        TraceEvent data = numbers.apply(segment("out", "ACK", 1001, 4_294_967_291L, 1448, null));
        TraceEvent sack = numbers.apply(segment("in", "ACK", 4_294_967_291L, 1001L, 0,
                new TraceEvent.Options(null, null, null, null, null, List.of(List.of(2449L, 3897L)))));

        assertThat(text.line(syn)).isEqualTo("00:00:01.000002 in  10.0.0.1:41522 > 10.0.0.2:80 [SYN] seq=0"
                + " win=64240 len=0 <mss 1460,sack-perm,ts 100/0,ws 7>");
        assertThat(text.line(synAck)).isEqualTo("00:00:01.000002 out 10.0.0.2:80 > 10.0.0.1:41522 [SYN,ACK] seq=0"
                + " ack=1 win=64240 len=0");
        assertThat(data.seq()).isEqualTo(1);
        assertThat(text.line(sack)).as("the peer wrapped past 2^32; its SACK block is in our numbers")
                .endsWith("[ACK] seq=1 ack=1 win=64240 len=0 <sack 1449-2897>");
    }

    @Test
    void marksRetransmissionsAndKeepsAbsoluteNumbersWhenAsked() {
        SequenceNumbers numbers = new SequenceNumbers(true);

        numbers.apply(segment("out", "ACK", 5000, 77L, 100, null));
        TraceEvent again = numbers.apply(segment("out", "ACK", 5000, 77L, 100, null));
        TraceEvent next = numbers.apply(segment("out", "ACK", 5100, 77L, 100, null));
        TraceEvent pureAck = numbers.apply(segment("in", "ACK", 77, 5100L, 0, null));

        assertThat(again.retransmission()).isTrue();
        assertThat(again.seq()).isEqualTo(5000);
        assertThat(next.retransmission()).isNull();
        assertThat(pureAck.retransmission()).as("takes no sequence space").isNull();
        assertThat(pureAck.ack()).isEqualTo(5100);
        assertThat(new TraceText(ZoneOffset.UTC).line(again)).endsWith("len=100 (retransmission)");
    }

    @Test
    void aConnectionTracedFromItsMiddleCountsFromTheFirstNumbersSeen() {
        SequenceNumbers numbers = new SequenceNumbers(false);

        TraceEvent first = numbers.apply(segment("in", "ACK", 9000, 3000L, 10, null));
        TraceEvent reply = numbers.apply(segment("out", "ACK", 3000, 9010L, 20, null));

        assertThat(first.seq()).isZero();
        assertThat(first.ack()).isZero();
        assertThat(reply.seq()).isZero();
        assertThat(reply.ack()).isEqualTo(10);
    }

    private static TraceEvent segment(String direction, String flags, long seq, Long ack, int len,
                                      TraceEvent.Options options) {
        return new TraceEvent(TraceEvent.SEGMENT, 1_000_002L, 0, "10.0.0.2", 80, "10.0.0.1", 41522, direction,
                List.of(flags.split(",")), seq, ack, len, 64240, options, null, null, null, null, null);
    }
}
