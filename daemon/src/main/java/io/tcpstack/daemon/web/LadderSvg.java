package io.tcpstack.daemon.web;

import io.tcpstack.daemon.control.TraceEvent;
import io.tcpstack.daemon.trace.Ladder;
import io.tcpstack.daemon.trace.SequenceNumbers;

import java.util.ArrayList;
import java.util.List;

/**
 * A connection's ladder diagram as SVG: the rows {@link Ladder} draws for {@code tcpstack trace
 * --ladder} (sequence numbers relative, as there), laid out with the peer's lifeline on the left,
 * the stack's on the right, one sloped arrow per segment with its label, and each side's state
 * beside it where it changes. Elements carry classes ({@code segment in}/{@code segment out},
 * {@code state peer}/{@code state stack}) for styles and tools.
 */
public final class LadderSvg {
    static final int WIDTH = 720;
    static final int PEER_X = 170;
    static final int STACK_X = 550;
    static final int TOP = 56;
    static final int ROW = 34;
    /** How far an arrow drops from tail to head: time passes while a segment travels. */
    static final int SLOPE = 14;

    private LadderSvg() {
    }

    /** The diagram of {@code events}, one connection's, in order and with absolute sequence numbers. */
    public static String render(String peer, String local, List<TraceEvent> events) {
        List<Ladder.Drawn> rows = new ArrayList<>();
        Ladder ladder = Ladder.rows(rows::add);
        SequenceNumbers numbers = new SequenceNumbers(false);
        events.forEach(e -> ladder.accept(numbers.apply(e)));
        ladder.flush();
        return svg(peer, local, rows);
    }

    static String svg(String peer, String local, List<Ladder.Drawn> rows) {
        int height = TOP + ROW * (rows.size() + 1);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ladder\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" font-family=\"monospace\" font-size=\"13\">\n");
        s.append("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\""
                + " markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n");
        text(s, "end peer", PEER_X, 20, "peer " + peer, "middle");
        text(s, "end stack", STACK_X, 20, "stack " + local, "middle");
        text(s, "note", WIDTH / 2, 40, "the stack's states are its own, the peer's inferred from the segments",
                "middle");
        s.append("<line class=\"lifeline\" x1=\"").append(PEER_X).append("\" y1=\"").append(TOP - 8)
                .append("\" x2=\"").append(PEER_X).append("\" y2=\"").append(height - 8)
                .append("\" stroke=\"#888\"/>\n");
        s.append("<line class=\"lifeline\" x1=\"").append(STACK_X).append("\" y1=\"").append(TOP - 8)
                .append("\" x2=\"").append(STACK_X).append("\" y2=\"").append(height - 8)
                .append("\" stroke=\"#888\"/>\n");
        int y = TOP + ROW / 2;
        for (Ladder.Drawn row : rows) {
            if (row.arrow() != null) {
                int from = row.inbound() ? PEER_X : STACK_X;
                int to = row.inbound() ? STACK_X : PEER_X;
                String direction = row.inbound() ? "in" : "out";
                s.append("<g class=\"segment ").append(direction).append("\">");
                s.append("<line x1=\"").append(from).append("\" y1=\"").append(y - SLOPE / 2).append("\" x2=\"")
                        .append(to).append("\" y2=\"").append(y + SLOPE / 2)
                        .append("\" stroke=\"").append(row.inbound() ? "#1f5fa8" : "#a8431f")
                        .append("\" stroke-width=\"1.5\" marker-end=\"url(#head)\"/>");
                text(s, "label", (PEER_X + STACK_X) / 2, y - SLOPE / 2 - 4, row.arrow(), "middle");
                s.append("</g>\n");
            }
            if (row.left() != null) {
                text(s, "state peer", PEER_X - 10, y + 4, row.left(), "end");
            }
            if (row.right() != null) {
                text(s, "state stack", STACK_X + 10, y + 4, row.right(), "start");
            }
            y += ROW;
        }
        return s.append("</svg>\n").toString();
    }

    private static void text(StringBuilder s, String cls, int x, int y, String text, String anchor) {
        s.append("<text class=\"").append(cls).append("\" x=\"").append(x).append("\" y=\"").append(y)
                .append("\" text-anchor=\"").append(anchor).append("\">").append(escape(text)).append("</text>\n");
    }

    /** Text as XML character data (also safe inside HTML). */
    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
