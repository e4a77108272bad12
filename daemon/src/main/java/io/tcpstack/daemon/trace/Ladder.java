package io.tcpstack.daemon.trace;

import io.tcpstack.daemon.control.TraceEvent;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Draws traced connections as the sequence diagrams of a textbook: the peer's lifeline on the
 * left, the stack's on the right, one arrow per segment labelled {@code SYN seq=0},
 * {@code SYN+ACK seq=0 ack=1}, {@code ACK ack=1}, {@code FIN seq=6 ack=6}, data as
 * {@code seq=1 ack=1 len=5}, retransmissions marked, and each side's state beside the arrow where
 * it changes. The stack's states are its own (its state changes, RFC 9293 §3.3.2); the peer's are
 * inferred from the segments ({@link PeerState}).
 *
 * <p>Fed events in order ({@link #accept}, numbers already relative if wanted); writes whole lines
 * to its sink. One row waits for the next event, which may belong beside it (the state a
 * received segment moved the stack to, the segment a state change sent); {@link #flush} writes it.
 */
public final class Ladder implements Consumer<TraceEvent> {
    /** Width of the left state column. */
    static final int STATE_WIDTH = 12;
    /** Width between the lifelines. */
    static final int ARROW_WIDTH = 44;

    /** One connection's diagram so far. */
    private static final class Diagram {
        final String title;
        final PeerState peer = new PeerState();
        boolean started;
        /** The stack reached CLOSED: a later SYN starts a new diagram. */
        boolean closed;

        Diagram(TraceEvent e) {
            title = "connection " + e.peerAddress() + ":" + e.peerPort() + " (peer, left) <-> " + e.localAddress()
                    + ":" + e.localPort() + " (stack, right)";
        }
    }

    /** A row not written yet: an arrow (or none) and the states beside it (null: unchanged). */
    private static final class Row {
        final Diagram diagram;
        String left;
        String arrow;
        boolean inbound;
        String right;

        Row(Diagram diagram) {
            this.diagram = diagram;
        }
    }

    private final Consumer<String> out;
    private final Map<String, Diagram> diagrams = new HashMap<>();
    private Row pending;
    /** The diagram of the last row written, to mark where connections interleave. */
    private Diagram lastWritten;

    public Ladder(Consumer<String> out) {
        this.out = out;
    }

    @Override
    public void accept(TraceEvent e) {
        switch (e.type()) {
            case TraceEvent.SEGMENT -> segment(e);
            case TraceEvent.STATE -> state(e);
            case TraceEvent.DROPPED -> {
                flush();
                out.accept("(" + e.dropped() + " records dropped so far: this client did not keep up)");
            }
            default -> { }
        }
    }

    /** Writes the waiting row, if any (at the end, or when the stream goes quiet). */
    public void flush() {
        if (pending != null) {
            write(pending);
            pending = null;
        }
    }

    private Diagram diagram(TraceEvent e, boolean opening) {
        Diagram d = diagrams.get(e.connection());
        if (d == null || (d.closed && opening)) {
            d = new Diagram(e);
            diagrams.put(e.connection(), d);
        }
        return d;
    }

    private void segment(TraceEvent e) {
        Diagram d = diagram(e, e.has("SYN") && !e.has("ACK"));
        String peerState = e.inbound() ? d.peer.sends(e) : d.peer.receives(e);
        if (d.peer.revised() && pending != null && pending.diagram == d && !pending.inbound) {
            pending.left = null; // the peer had not received that segment yet: they crossed
        }
        Row row;
        if (!e.inbound() && pending != null && pending.diagram == d && pending.arrow == null) {
            row = pending; // the state change that sent it: beside its tail
        } else {
            flush();
            row = new Row(d);
            pending = row;
        }
        row.arrow = label(e);
        row.inbound = e.inbound();
        row.left = peerState;
    }

    private void state(TraceEvent e) {
        Diagram d = diagram(e, e.from().equals("CLOSED") || e.from().equals("LISTEN"));
        if (!d.started && (pending == null || pending.diagram != d)) {
            flush();
        }
        if (!d.started) { // where both ends were before
            Row first = new Row(d);
            first.left = d.peer.initial(e.from());
            first.right = e.from();
            write(first);
        }
        if (pending != null && pending.diagram == d && pending.inbound && pending.arrow != null
                && pending.right == null) {
            pending.right = e.to(); // the segment that moved the stack: beside its head
        } else {
            flush();
            pending = new Row(d);
            pending.right = e.to();
        }
        if (e.to().equals("CLOSED")) {
            d.closed = true;
        }
    }

    private void write(Row row) {
        Diagram d = row.diagram;
        if (!d.started) {
            d.started = true;
            out.accept(d.title + "; the stack's states are its own, the peer's inferred from the segments");
            out.accept(" ".repeat(STATE_WIDTH - 1) + "peer" + " ".repeat(ARROW_WIDTH - 3) + "stack");
        } else if (lastWritten != d) {
            out.accept("(" + d.title + ")");
        }
        lastWritten = d;
        String line = String.format("%" + STATE_WIDTH + "s |%s| %s", row.left == null ? "" : row.left,
                arrow(row), row.right == null ? "" : row.right);
        out.accept(line.stripTrailing());
    }

    private static String arrow(Row row) {
        if (row.arrow == null) {
            return " ".repeat(ARROW_WIDTH);
        }
        String text = row.inbound ? "-- " + row.arrow + " " : "<-- " + row.arrow + " ";
        String dashes = "-".repeat(Math.max(2, ARROW_WIDTH - text.length() - (row.inbound ? 1 : 0)));
        return row.inbound ? text + dashes + ">" : text + dashes;
    }

    /** The arrow's label as a textbook writes it: control bits, then seq, ack and len where they say something. */
    static String label(TraceEvent e) {
        StringBuilder s = new StringBuilder();
        boolean syn = e.has("SYN");
        if (syn) {
            s.append(e.has("ACK") ? "SYN+ACK" : "SYN");
        } else if (e.has("RST")) {
            s.append(e.has("ACK") ? "RST+ACK" : "RST");
        }
        if (e.has("FIN")) {
            s.append(s.isEmpty() ? "FIN" : "+FIN");
        }
        int len = e.len() == null ? 0 : e.len();
        boolean pureAck = s.isEmpty() && len == 0;
        if (pureAck) {
            s.append("ACK");
        } else {
            s.append(s.isEmpty() ? "" : " ").append("seq=").append(e.seq());
        }
        if (e.ack() != null && !(e.has("RST") && !e.has("ACK"))) {
            s.append(" ack=").append(e.ack());
        }
        if (len > 0) {
            s.append(" len=").append(len);
        }
        if (Boolean.TRUE.equals(e.retransmission())) {
            s.append(" (retransmission)");
        }
        return s.toString();
    }
}
