package io.tcpstack.core.tcp;

import io.tcpstack.link.LoopCounters;

/** Why an arriving segment was discarded; one counter and one trace line per reason. */
public enum DropReason implements LoopCounters.Named {
    /** Shorter than a TCP header, or data offset outside the segment. */
    MALFORMED_HEADER,
    /** Checksum over the pseudo-header and segment does not verify (RFC 9293 §3.1). */
    BAD_CHECKSUM,
    /** An option's length runs past the header or is below 2. */
    MALFORMED_OPTIONS,
    /** RFC 9293 §3.4 acceptability test failed (an ACK is sent unless the segment is a RST). */
    OUT_OF_WINDOW,
    /** RST not matching RCV.NXT exactly but inside the window: challenge ACK sent (RFC 5961 §3.2). */
    RST_CHALLENGED,
    /** RST outside the window, or not acknowledging our SYN in SYN_SENT (RFC 5961 §3.2, RFC 9293 §3.10.7.3). */
    RST_IGNORED,
    /** SYN in a synchronized state: challenge ACK sent (RFC 5961 §4.2). */
    SYN_CHALLENGED,
    /** ACK outside [SND.UNA - MAX.SND.WND, SND.NXT] (RFC 5961 §5.2), or unacceptable ACK in SYN_SENT/SYN_RECEIVED. */
    BAD_ACK,
    /** Segment without ACK in a state that requires one (RFC 9293 §3.10.7.4, fifth check). */
    NO_ACK,
    /** Segment without SYN or RST in SYN_SENT, or without SYN in LISTEN. */
    NO_SYN,
    /** A SYN for a listener whose SYN queue is full. */
    SYN_QUEUE_FULL,
    /** A SYN to be answered with a cookie while the stack is behind a flood: shed, the peer retransmits ({@link StatelessHandshake}). */
    COOKIE_SHED,
    /** A SYN or handshake-completing ACK for a listener whose accept queue is full. */
    ACCEPT_QUEUE_FULL,
    /** A connection request beyond {@link TcpConfig#maxConnections}: answered with RST. */
    CONNECTION_LIMIT,
    /** A connection request while the buffers of all connections hold {@link TcpConfig#memoryLimit}: answered with RST. */
    MEMORY_LIMIT,
    /** Nothing listens on the port and no connection matches: answered with RST (RFC 9293 §3.10.7.1). */
    NO_CONNECTION,
    /** A non-RST segment without timestamps on a connection that negotiated them (RFC 7323 §3.2: silently dropped). */
    NO_TIMESTAMP,
    /** TSval older than TS.Recent: an old duplicate (PAWS, RFC 7323 §5.3 R1); an ACK is sent. */
    PAWS,
    /** Data arriving after the user closed the connection for reading: RST sent (RFC 1122 §4.2.2.13). */
    DATA_AFTER_CLOSE;

    /** The counter's name in {@link TcpCounters#snapshot()}: {@code Drop_} and the constant's name. */
    @Override
    public String mibName() {
        return "Drop_" + name();
    }
}
