package io.tcpstack.daemon.trace;

import io.tcpstack.daemon.control.TraceEvent;

/**
 * The peer's state as the segments show it: the transitions of RFC 9293 §3.3.2 (figure 5) the
 * peer must have taken to send what it sends and on receiving what the stack sends. An inference:
 * the stack sees the peer's segments, not its state, and a segment the stack sends is taken as
 * received when sent. Sequence numbers may be relative or absolute, consistently.
 */
final class PeerState {
    /** Null until a segment shows it. */
    private String state;
    /** One past the peer's FIN (the ACK that acknowledges it), or -1 before its FIN. */
    private long finEnd = -1;
    /** One past the peer's SYN, or -1 before it. */
    private long synEnd = -1;
    /** One past the stack's FIN, or -1 before it. */
    private long stackFinEnd = -1;
    /** The state shown for the peer's last reception was wrong (see {@link #revised}). */
    private boolean revised;

    /**
     * The peer's state before the connection began, given the stack's first: CLOSED when the peer
     * opened (its SYN came first), LISTEN when the stack opened; null for a connection traced from
     * its middle.
     */
    String initial(String stackFrom) {
        if (stackFrom.equals("LISTEN")) {
            return "CLOSED";
        }
        if (stackFrom.equals("CLOSED")) {
            if (state == null) {
                state = "LISTEN";
            }
            return "LISTEN";
        }
        return null;
    }

    /** The peer sent {@code e}; its new state, or null when unchanged. */
    String sends(TraceEvent e) {
        if (e.has("RST")) {
            return to("CLOSED");
        }
        if (e.has("SYN")) {
            synEnd = (e.seq() + 1) % (1L << 32);
            if (!e.has("ACK")) {
                if (is("SYN_RECEIVED")) {
                    // a bare SYN after ours was taken as received: the SYNs crossed (§3.5, figure 8,
                    // simultaneous open): SYN_SENT, then SYN_RECEIVED when ours arrives
                    revised = true;
                    return "SYN_SENT";
                }
                return to("SYN_SENT"); // an active open (§3.5)
            }
            return is("LISTEN", "SYN_SENT", "CLOSED") || state == null ? to("SYN_RECEIVED") : null;
        }
        if (e.has("FIN") && finEnd < 0) {
            finEnd = (e.seq() + (e.len() == null ? 0 : e.len()) + 1) % (1L << 32);
            if (is("ESTABLISHED", "SYN_RECEIVED") || state == null) {
                return to("FIN_WAIT_1"); // the peer closes first (§3.6)
            }
            if (is("CLOSE_WAIT") && stackFinEnd >= 0 && (e.ack() == null
                    || SequenceNumbers.before(e.ack(), stackFinEnd))) {
                // its FIN does not acknowledge ours: sent before ours arrived, the FINs crossed (§3.6,
                // simultaneous close): FIN_WAIT_1, then CLOSING when ours arrives, not CLOSE_WAIT
                revised = true;
                state = "CLOSING";
                return "FIN_WAIT_1";
            }
            if (is("CLOSE_WAIT")) {
                return to("LAST_ACK");
            }
        }
        return null;
    }

    /** The peer receives {@code e} from the stack; its new state, or null when unchanged. */
    String receives(TraceEvent e) {
        if (e.has("RST")) {
            return state == null || !is("LISTEN") ? to("CLOSED") : null;
        }
        if (e.has("SYN")) {
            if (e.has("ACK")) {
                return is("SYN_SENT", "SYN_RECEIVED") ? to("ESTABLISHED") : null;
            }
            return is("LISTEN", "SYN_SENT") || state == null ? to("SYN_RECEIVED") : null;
        }
        boolean finAcked = finEnd >= 0 && e.ack() != null && SequenceNumbers.atOrAfter(e.ack(), finEnd);
        boolean synAcked = synEnd >= 0 && e.ack() != null && SequenceNumbers.atOrAfter(e.ack(), synEnd);
        if (is("SYN_RECEIVED") && synAcked) {
            state = "ESTABLISHED";
            if (!e.has("FIN")) {
                return state;
            }
        }
        if (e.has("FIN")) {
            stackFinEnd = (e.seq() + (e.len() == null ? 0 : e.len()) + 1) % (1L << 32);
            if (is("ESTABLISHED")) {
                return to("CLOSE_WAIT"); // the stack closed first
            }
            if (is("FIN_WAIT_1")) {
                return to(finAcked ? "TIME_WAIT" : "CLOSING"); // CLOSING: the FINs crossed (§3.6, simultaneous close)
            }
            if (is("FIN_WAIT_2")) {
                return to("TIME_WAIT");
            }
            return null;
        }
        if (finAcked) {
            if (is("FIN_WAIT_1")) {
                return to("FIN_WAIT_2");
            }
            if (is("CLOSING")) {
                return to("TIME_WAIT");
            }
            if (is("LAST_ACK")) {
                return to("CLOSED");
            }
        }
        return null;
    }

    /**
     * Whether the state shown for the peer's last reception proved wrong, once: the stack's SYN
     * or FIN taken as received had crossed the peer's.
     */
    boolean revised() {
        boolean was = revised;
        revised = false;
        return was;
    }

    private boolean is(String... states) {
        for (String s : states) {
            if (s.equals(state)) {
                return true;
            }
        }
        return false;
    }

    private String to(String next) {
        if (next.equals(state)) {
            return null;
        }
        state = next;
        return next;
    }
}
