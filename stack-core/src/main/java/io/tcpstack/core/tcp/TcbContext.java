package io.tcpstack.core.tcp;

import io.netty.buffer.ByteBuf;
import io.tcpstack.core.time.TimerScheduler.Timer;

/**
 * What the two halves of a TCB ({@link TcpSender}, {@link TcpReceiver}) need from the connection
 * that owns them, and nothing more: the clock, timers, the segment output, counters and the
 * user timeout. The halves keep their RFC variables to themselves; the connection runs the state
 * machine (RFC 9293 §3.10) and implements this.
 */
interface TcbContext {
    /** The stack's clock; while a segment is processed, the time it arrived. */
    long now();

    /** A new timer of {@code kind}; when it fires the connection hands it back to the half that owns that kind. */
    Timer newTimer(TcpTimer kind);

    /**
     * Sends a segment of the synchronized states, {@code <SEQ=seq><ACK=RCV.NXT><CTL=flags>}, with
     * {@code payload}'s readable bytes (not consumed; may be null); the ACK field and window come
     * from the receive half.
     */
    void emit(int seq, int flags, ByteBuf payload);

    /** Sends our SYN (or SYN|ACK) again (RFC 6298 §5.4 in SYN_SENT and SYN_RECEIVED). */
    void retransmitSyn();

    /** User timeout (RFC 9293 §3.10.8): retransmissions or probes exhausted; the connection ends. */
    void timedOut();

    /**
     * The connection's user timeout (RFC 5482, Linux's {@code TCP_USER_TIMEOUT}): how long sent
     * data or probes may stay unanswered before {@link #timedOut}; 0 leaves it to the retry counts.
     */
    long userTimeoutNanos();

    /** The connection is in a synchronized state (RFC 9293 §3.5: ESTABLISHED or later). */
    boolean isSynchronized();

    /** Longest payload the link cuts into segments for us (TSO); 0 when it does not. */
    int tsoPayloadLimit();

    /** The layer's counters. */
    TcpCounters counters();

    /** How long an ACK for in-order data may wait (RFC 9293 §3.8.6.3, {@link TcpConfig#delayedAckTimeout}). */
    long delayedAckNanos();

    /** The budget every connection's buffers share (RFC-free; Linux's {@code tcp_mem}). */
    MemoryBudget memory();
}
