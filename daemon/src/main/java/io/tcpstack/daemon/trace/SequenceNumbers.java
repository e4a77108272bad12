package io.tcpstack.daemon.trace;

import io.tcpstack.daemon.control.TraceEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Relative sequence numbers as Wireshark shows them: per connection and direction, a sequence
 * number less that direction's ISN (the sequence number of its SYN, RFC 9293 §3.4.1; the first
 * one seen for a connection traced from its middle), an acknowledgment number and SACK blocks
 * (RFC 2018 §3) less the ISN of the other direction, whose bytes they acknowledge. Also marks
 * retransmissions: a segment occupying sequence space (text, SYN or FIN, RFC 9293 §3.4) that
 * begins before the highest sequence number its direction already sent, as Wireshark's analysis
 * does; a SYN only when its direction already sent one with the same ACK bit.
 */
public final class SequenceNumbers {
    private static final long MOD = 1L << 32;
    /** Connections remembered at most (see {@link #bounded}). */
    static final int REMEMBERED = 10_000;

    /** One direction of one connection. */
    private static final class Direction {
        boolean based;
        long isn;
        boolean sent;
        /** One past the highest sequence number sent. */
        long next;
        /** A SYN without ACK, a SYN with ACK was sent. */
        boolean syn;
        boolean synAck;
    }

    /** Both directions: {@code in} from the peer, {@code out} from the stack. */
    private record Connection(Direction in, Direction out) {
        Connection() {
            this(new Direction(), new Direction());
        }
    }

    private final boolean absolute;
    private final Map<String, Connection> connections = bounded();

    /** @param absolute keep the absolute numbers (retransmissions are still marked) */
    public SequenceNumbers(boolean absolute) {
        this.absolute = absolute;
    }

    /** The segment with relative numbers and its retransmission mark; other events unchanged. */
    public TraceEvent apply(TraceEvent e) {
        if (!e.segment()) {
            if (TraceEvent.STATE.equals(e.type()) && "CLOSED".equals(e.to())) {
                connections.remove(e.connection()); // the next connection of this 4-tuple has ISNs of its own
            }
            return e;
        }
        Connection c = connections.computeIfAbsent(e.connection(), key -> new Connection());
        Direction own = e.inbound() ? c.in() : c.out();
        if (e.has("SYN") && !e.has("ACK") && own.based && own.isn != e.seq()) { // a new connection, same 4-tuple
            c = new Connection();
            connections.put(e.connection(), c);
            own = e.inbound() ? c.in() : c.out();
        }
        Direction other = e.inbound() ? c.out() : c.in();
        if (!own.based) {
            own.based = true;
            own.isn = e.seq();
        }
        if (e.ack() != null && !other.based) {
            other.based = true;
            other.isn = e.ack();
        }
        boolean retransmission = false;
        long length = e.sequenceLength();
        if (length > 0) {
            if (e.has("SYN")) { // in a simultaneous open the SYN+ACK repeats the SYN's number (§3.5, figure 8)
                retransmission = e.has("ACK") ? own.synAck : own.syn;
                own.synAck |= e.has("ACK");
                own.syn |= !e.has("ACK");
            } else {
                retransmission = own.sent && before(e.seq(), own.next);
            }
            long end = (e.seq() + length) % MOD;
            if (!own.sent || before(own.next, end)) {
                own.next = end;
            }
            own.sent = true;
        }
        TraceEvent.Options options = e.options();
        if (!absolute && options != null && options.sack() != null) {
            List<List<Long>> blocks = new ArrayList<>();
            for (List<Long> block : options.sack()) {
                blocks.add(List.of(minus(block.get(0), other.isn), minus(block.get(1), other.isn)));
            }
            options = new TraceEvent.Options(options.mss(), options.windowScale(), options.sackPermitted(),
                    options.tsVal(), options.tsEcr(), blocks);
        }
        Long ack = e.ack() == null || absolute ? e.ack() : Long.valueOf(minus(e.ack(), other.isn));
        return e.withSequence(absolute ? e.seq() : minus(e.seq(), own.isn), ack, options,
                retransmission ? Boolean.TRUE : null);
    }

    /**
     * A map by 4-tuple that forgets the least recently used entries beyond {@value #REMEMBERED}
     * connections: those that never close in the trace (a SYN answered with RST, a trace started
     * midway) are not kept forever.
     */
    static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(16, 0.75f, true) { // in access order: the least recently traced goes first
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    /** {@code a - b} modulo 2^32. */
    static long minus(long a, long b) {
        return ((a - b) % MOD + MOD) % MOD;
    }

    /** {@code a} comes before {@code b} in sequence space (RFC 9293 §3.4: arithmetic modulo 2^32). */
    static boolean before(long a, long b) {
        return (int) (a - b) < 0;
    }

    /** {@code a} is {@code b} or comes after it. */
    static boolean atOrAfter(long a, long b) {
        return (int) (a - b) >= 0;
    }
}
