package io.tcpstack.daemon.trace;

import io.tcpstack.daemon.control.TraceEvent;

import java.util.ArrayList;
import java.util.List;
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
        /**
         * Opened by the peer's SYN: its rows wait ({@link #held}) for the stack's first state change,
         * which names the state before them (LISTEN) and comes after the SYN+ACK the listener sent.
         */
        boolean holding;
        final List<Row> held = new ArrayList<>();
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

    /**
     * One row of a diagram as drawn: the arrow's label (null for a row of states only), its
     * direction, and each side's state beside it (null: unchanged).
     *
     * @param connection the diagram's title, e.g. {@code connection 10.0.0.1:41522 (peer, left) <-> 10.0.0.2:7 (stack, right)}
     * @param inbound    the arrow goes from the peer to the stack
     */
    public record Drawn(String connection, String left, String arrow, boolean inbound, String right) {
    }

    /** Null when drawing rows for another renderer ({@link #rows}). */
    private final Consumer<String> out;
    /** Null when drawing text. */
    private final Consumer<Drawn> rows;
    private final Map<String, Diagram> diagrams = SequenceNumbers.bounded();
    private Row pending;
    /** The diagram of the last row written, to mark where connections interleave. */
    private Diagram lastWritten;

    /** Draws text lines to {@code out}. */
    public Ladder(Consumer<String> out) {
        this(out, null);
    }

    private Ladder(Consumer<String> out, Consumer<Drawn> rows) {
        this.out = out;
        this.rows = rows;
    }

    /** Hands each row to {@code rows} as drawn, for a renderer of its own (e.g. SVG). */
    public static Ladder rows(Consumer<Drawn> rows) {
        return new Ladder(null, rows);
    }

    @Override
    public void accept(TraceEvent e) {
        switch (e.type()) {
            case TraceEvent.SEGMENT -> segment(e);
            case TraceEvent.STATE -> state(e);
            case TraceEvent.DROPPED -> {
                flush();
                if (out != null) {
                    out.accept("(" + e.dropped() + " records dropped so far: this client did not keep up)");
                }
            }
            default -> { }
        }
    }

    /** Writes the rows that wait, if any (at the end, or when the stream goes quiet). */
    public void flush() {
        writePending();
        for (Diagram d : diagrams.values()) {
            if (!d.held.isEmpty()) {
                d.started = true; // no state change came: a SYN the stack did not take
                d.held.forEach(this::emit);
                d.held.clear();
            }
        }
    }

    private void writePending() {
        if (pending != null) {
            write(pending);
            pending = null;
        }
    }

    private Diagram diagram(TraceEvent e, boolean opening) {
        Diagram d = diagrams.get(e.connection());
        if (d == null || (d.closed && opening)) {
            d = new Diagram(e);
            d.holding = opening && e.segment() && e.inbound();
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
            writePending();
            row = new Row(d);
            pending = row;
        }
        row.arrow = label(e);
        row.inbound = e.inbound();
        row.left = peerState;
    }

    private void state(TraceEvent e) {
        Diagram d = diagram(e, e.from().equals("CLOSED") || e.from().equals("LISTEN"));
        if (e.to().equals("CLOSED")) {
            d.closed = true;
            diagrams.remove(e.connection()); // its rows keep it while they wait; a long trace keeps no history
        }
        if (!d.started) {
            if (pending != null && pending.diagram != d) {
                writePending();
            }
            Row first = new Row(d); // where both ends were before
            first.left = d.peer.initial(e.from());
            first.right = e.from();
            emit(first);
            boolean placed = false;
            for (Row row : d.held) {
                if (!placed && row.inbound && row.right == null && e.from().equals("LISTEN")) {
                    row.right = e.to(); // beside the SYN that opened it
                    placed = true;
                }
                emit(row);
            }
            d.held.clear();
            if (placed) {
                return;
            }
        }
        boolean opening = e.from().equals("CLOSED") || e.from().equals("LISTEN");
        // a CLOSE call (RFC 9293 §3.10.4) moves to FIN_WAIT_1 or LAST_ACK and sends a FIN: never
        // caused by the segment before it, though the application may close in answer to it
        boolean closing = e.to().equals("FIN_WAIT_1") || e.to().equals("LAST_ACK");
        if (pending != null && pending.diagram == d && pending.arrow != null && pending.right == null
                && ((pending.inbound && !closing) || (!pending.inbound && opening))) {
            pending.right = e.to(); // the segment that moved the stack, or the SYN an open just sent
        } else {
            writePending();
            pending = new Row(d);
            pending.right = e.to();
        }
    }

    private void write(Row row) {
        if (!row.diagram.started && row.diagram.holding) {
            row.diagram.held.add(row);
            return;
        }
        emit(row);
    }

    private void emit(Row row) {
        Diagram d = row.diagram;
        if (rows != null) {
            d.started = true;
            rows.accept(new Drawn(d.title, row.left, row.arrow, row.inbound, row.right));
            return;
        }
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
