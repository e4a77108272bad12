package io.tcpstack.daemon.trace;

import io.tcpstack.daemon.control.TraceEvent;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A trace as lines of text, one per event, in the manner of {@code tcpdump}: the time, then for a
 * segment its direction, sender > receiver, flags, seq, ack, window, length and options; for a
 * state change of the stack its ends, the old and new state and why.
 */
public final class TraceText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    private final ZoneId zone;

    public TraceText(ZoneId zone) {
        this.zone = zone;
    }

    /** E.g. {@code 11:02:03.123456 in  10.0.0.1:41522 > 10.0.0.2:7 [SYN] seq=0 win=64240 len=0 <mss 1460,ws 7>}. */
    public String line(TraceEvent e) {
        String time = e.time() == null ? "" : TIME.format(Instant.ofEpochSecond(e.time() / 1_000_000,
                e.time() % 1_000_000 * 1000).atZone(zone)) + " ";
        String stack = e.localAddress() + ":" + e.localPort();
        String peer = e.peerAddress() + ":" + e.peerPort();
        return switch (e.type()) {
            case TraceEvent.SEGMENT -> time + (e.inbound() ? "in  " + peer + " > " + stack : "out " + stack + " > " + peer)
                    + " [" + String.join(",", e.flags()) + "] seq=" + e.seq()
                    + (e.ack() != null ? " ack=" + e.ack() : "") + " win=" + e.window() + " len=" + e.len()
                    + options(e.options()) + (Boolean.TRUE.equals(e.retransmission()) ? " (retransmission)" : "");
            case TraceEvent.STATE -> time + "state " + stack + " " + peer + " " + e.from() + " -> " + e.to()
                    + " (" + e.cause() + ")";
            case TraceEvent.DROPPED -> "(" + e.dropped() + " records dropped so far: this client did not keep up)";
            default -> "(" + e.type() + ")";
        };
    }

    /** E.g. {@code  <mss 1460,sack-perm,ts 1234/0,ws 7,sack 1-1449 2897-4345>}; empty without options. */
    static String options(TraceEvent.Options o) {
        if (o == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (o.mss() != null) {
            parts.add("mss " + o.mss());
        }
        if (Boolean.TRUE.equals(o.sackPermitted())) {
            parts.add("sack-perm");
        }
        if (o.tsVal() != null) {
            parts.add("ts " + o.tsVal() + "/" + o.tsEcr());
        }
        if (o.windowScale() != null) {
            parts.add("ws " + o.windowScale());
        }
        if (o.sack() != null) {
            StringBuilder sack = new StringBuilder("sack");
            o.sack().forEach(block -> sack.append(' ').append(block.get(0)).append('-').append(block.get(1)));
            parts.add(sack.toString());
        }
        return parts.isEmpty() ? "" : " <" + String.join(",", parts) + ">";
    }
}
