package io.tcpstack.daemon.trace;

import io.tcpstack.daemon.control.TraceEvent;
import java.util.List;

/**
 * Recorded traces written as scripts, one event a line: {@code in|out FLAGS SEQ ACK|- LEN} with
 * numbers relative to the sender's and the receiver's ISN, or {@code state FROM TO}; {@code #}
 * comments. The connection is 10.0.0.1:41522 (peer) to 10.0.0.2:7 (stack).
 */
public final class TraceScript {
    public static final long PEER_ISN = 4_294_967_000L; // wraps: relative numbers are modulo 2^32
    public static final long STACK_ISN = 5000;

    /** An echo connection the peer opens and closes first: 3-way handshake, 5 bytes each way, 4-way close. */
    public static final String ECHO = """
            in SYN 0 - 0
            state LISTEN SYN_RECEIVED
            out SYN,ACK 0 1 0
            in ACK 1 1 0
            state SYN_RECEIVED ESTABLISHED
            in PSH,ACK 1 1 5
            out PSH,ACK 1 6 5
            in ACK 6 6 0
            in FIN,ACK 6 6 0
            state ESTABLISHED CLOSE_WAIT
            out ACK 6 7 0
            state CLOSE_WAIT LAST_ACK
            out FIN,ACK 6 7 0
            in ACK 7 7 0
            state LAST_ACK CLOSED
            """;

    private TraceScript() {
    }

    /** The script's events, with absolute sequence numbers as the daemon streams them. */
    public static List<TraceEvent> events(String script) {
        return script.lines().map(line -> line.replaceAll("#.*", "").trim().split(" "))
                .map(w -> w[0].equals("state") ? state(w[1], w[2]) : segment(w)).toList();
    }

    private static TraceEvent segment(String[] w) {
        boolean in = w[0].equals("in");
        long own = in ? PEER_ISN : STACK_ISN;
        long other = in ? STACK_ISN : PEER_ISN;
        Long ack = w[3].equals("-") ? null : (other + Long.parseLong(w[3])) % (1L << 32);
        return new TraceEvent(TraceEvent.SEGMENT, null, 0, "10.0.0.2", 7, "10.0.0.1", 41522, w[0],
                List.of(w[1].split(",")), (own + Long.parseLong(w[2])) % (1L << 32), ack, Integer.parseInt(w[4]),
                64240, null, null, null, null, null, null);
    }

    private static TraceEvent state(String from, String to) {
        return new TraceEvent(TraceEvent.STATE, null, 0, "10.0.0.2", 7, "10.0.0.1", 41522, null, null, null,
                null, null, null, null, null, from, to, "test", null);
    }
}
