package io.tcpstack.core.tcp;

/**
 * The timers of one connection, by what they are for (RFC 9293 §3.8 and the RFCs named on each).
 * Every timer of a connection is one of these kinds; the connection dispatches a firing timer by
 * its kind ({@link TcpConnection}), and the layer flushes what the timer sent.
 */
enum TcpTimer {
    /** Retransmission timeout (RFC 6298 §5); armed while data, SYN or FIN is outstanding. */
    RETRANSMIT,
    /** Persist timer (RFC 9293 §3.8.6.1): probes a zero window; armed while unsent data waits for the window. */
    PERSIST,
    /** RACK's reorder timer (RFC 8985 §6.2 step 5): a segment becomes lost once the reordering window passes. */
    REORDER,
    /** The tail loss probe's timeout (RFC 8985 §7.2). Never armed while {@link #REORDER} is. */
    LOSS_PROBE,
    /** Delayed ACK (RFC 9293 §3.8.6.3, RFC 1122 §4.2.3.2): an ACK owed for in-order data. */
    DELAYED_ACK,
    /** Keep-alive (RFC 9293 §3.8.4): the idle time before a probe, then the interval between probes; see {@link Liveness}. */
    KEEPALIVE,
    /** TIME_WAIT's 2*MSL (RFC 9293 §3.10.7.4), and the FIN_WAIT_2 timeout of a fully closed connection. */
    CLOSE;

    private static final TcpTimer[] ALL = values();

    /** The kind with {@code ordinal}: a timer's tag ({@link TcpLayer#newTimer}). */
    static TcpTimer of(int ordinal) {
        return ALL[ordinal];
    }
}
