package io.tcpstack.daemon.control;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One line of a trace, as the control channel's {@code trace} command streams it and
 * {@code tcpstack trace --json} prints it. Three types:
 * <ul>
 *   <li>{@code segment}: one segment the stack received ({@code direction} {@code in}) or sent
 *   ({@code out}), with its header's fields and options;</li>
 *   <li>{@code state}: a state change of the stack's end of a connection (RFC 9293 §3.3.2), with
 *   its cause;</li>
 *   <li>{@code dropped}: records the daemon dropped so far because this client did not keep up.</li>
 * </ul>
 * Sequence numbers are absolute on the control channel; the client makes them relative.
 *
 * @param type           {@code segment}, {@code state} or {@code dropped}
 * @param time           microseconds since the epoch, when the stack handled it
 * @param queue          the TUN queue whose stack handled it
 * @param direction      {@code in} (from the peer) or {@code out} (to the peer); segments only
 * @param flags          control bits by name ({@code SYN}, {@code ACK}, ...); segments only
 * @param seq            SEG.SEQ
 * @param ack            SEG.ACK, only with the ACK bit
 * @param len            bytes of text
 * @param window         the window field as on the wire (unscaled)
 * @param options        the options present
 * @param retransmission set by the client: the segment repeats sequence space already sent
 * @param from           the state left; state changes only
 * @param to             the state entered
 * @param cause          why, e.g. "ACK 2901 acknowledged our SYN"
 * @param dropped        records dropped for this client so far; {@code dropped} lines only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceEvent(String type, Long time, Integer queue, String localAddress, Integer localPort,
                         String peerAddress, Integer peerPort, String direction, List<String> flags, Long seq,
                         Long ack, Integer len, Integer window, Options options, Boolean retransmission,
                         String from, String to, String cause, Long dropped) {

    public static final String SEGMENT = "segment";
    public static final String STATE = "state";
    public static final String DROPPED = "dropped";

    /**
     * A segment's options (RFC 9293 §3.2, RFC 7323, RFC 2018), each null when absent.
     *
     * @param sack SACK blocks as [left, right) pairs
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Options(Integer mss, Integer windowScale, Boolean sackPermitted, Long tsVal, Long tsEcr,
                          List<List<Long>> sack) {
        static final Options NONE = new Options(null, null, null, null, null, null);
    }

    public static TraceEvent dropped(long count) {
        return new TraceEvent(DROPPED, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, count);
    }

    public boolean segment() {
        return SEGMENT.equals(type);
    }

    public boolean inbound() {
        return "in".equals(direction);
    }

    public boolean has(String flag) {
        return flags != null && flags.contains(flag);
    }

    /** The connection's ends, e.g. {@code 10.0.0.2:7 10.0.0.1:41522}: one key per 4-tuple. */
    public String connection() {
        return localAddress + ":" + localPort + " " + peerAddress + ":" + peerPort;
    }

    /** SEG.LEN: text plus one for each of SYN and FIN (RFC 9293 §3.4). */
    public long sequenceLength() {
        return (len == null ? 0 : len) + (has("SYN") ? 1 : 0) + (has("FIN") ? 1 : 0);
    }

    /** This segment with other sequence numbers, options and retransmission mark (the client's relative view). */
    public TraceEvent withSequence(Long seq, Long ack, Options options, Boolean retransmission) {
        return new TraceEvent(type, time, queue, localAddress, localPort, peerAddress, peerPort, direction, flags, seq,
                ack, len, window, options, retransmission, from, to, cause, dropped);
    }
}
