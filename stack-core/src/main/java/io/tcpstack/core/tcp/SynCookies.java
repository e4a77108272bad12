package io.tcpstack.core.tcp;

import java.security.SecureRandom;

/**
 * SYN cookies (RFC 4987 §3.6): the initial sequence number of a SYN-ACK sent without keeping
 * any state encodes what the connection needs when the handshake's ACK comes back, laid out as
 * Linux lays it out ({@code net/ipv4/syncookies.c}):
 *
 * <pre>
 *   ISS = H(4-tuple) + peer's ISN + (t &lt;&lt; 24) + ((H(4-tuple, t) + MSS index) mod 2^24)
 * </pre>
 *
 * where {@code t} counts minutes and {@code H} is SipHash-2-4 under a secret key. The counter in
 * the top byte lets the ACK name the minute it was made in (a cookie is good in that minute and
 * the next, Linux's {@code MAX_SYNCOOKIE_AGE}); the keyed hash of the 4-tuple and the minute makes
 * a valid cookie unguessable without seeing the SYN-ACK, and the hash changing every minute
 * rotates the secret without a new key. Only 3 bits of the low 24 carry data (the peer's MSS as
 * an index into {@link #MSS_TABLE}), so a forged ACK passes with probability 8 / 2^24 per try.
 *
 * <p>The peer's window scale and SACK-permitted option, which the ISN has no room for, travel in
 * the low {@link #TS_OPTION_BITS} bits of our SYN-ACK's TSval when the peer sent timestamps and
 * come back in its TSecr (Linux's {@code cookie_init_timestamp}): without timestamps a cookie
 * connection has neither, as in Linux.
 */
final class SynCookies {
    /**
     * The MSS values a cookie can carry, in increasing order: Linux's four for IPv4 (the RFC 879
     * minimum, a tunnelled path, PPPoE, Ethernet) and four for larger MTUs (jumbo frames, up to
     * the 65535-byte MTU of a TUN or loopback).
     */
    static final int[] MSS_TABLE = {536, 1300, 1440, 1460, 4036, 8960, 16344, 65495};
    /** The low bits of the ISS that carry the hashed data; the top 8 carry the minute counter. */
    private static final int COOKIE_BITS = 24;
    private static final int COOKIE_MASK = (1 << COOKIE_BITS) - 1;
    /** Ticks of the cookie clock: minutes, as Linux's {@code tcp_cookie_time}. */
    private static final long TICK_NANOS = 60_000_000_000L;
    /** A cookie is valid in its own minute and the next one. */
    private static final int MAX_AGE = 2;
    /** Bits of TSval that carry the options: window scale (4 bits, 15 for none), SACK (1), ECN (1, unused here). */
    static final int TS_OPTION_BITS = 6;
    private static final int TS_OPTION_MASK = (1 << TS_OPTION_BITS) - 1;
    private static final int NO_WINDOW_SCALE = 0xf;
    private static final int SACK_PERMITTED = 1 << 4;
    /** The minute word of the hash that does not depend on the minute (no counter reaches it). */
    private static final int NO_MINUTE = -1;

    private final long k0;
    private final long k1;

    /** With a random secret key from {@link SecureRandom}. */
    SynCookies() {
        this(SipHash24.randomKey());
    }

    /** With a given 16-byte secret key. */
    SynCookies(byte[] key) {
        this.k0 = SipHash24.keyHalf(key, 0);
        this.k1 = SipHash24.keyHalf(key, 1);
    }

    /**
     * The ISS of a cookie SYN-ACK answering a SYN from {@code remoteAddress:remotePort} whose
     * sequence number was {@code peerIsn} and MSS option {@code peerMss} (536 when absent, RFC
     * 9293 §3.7.1); the MSS encoded is the largest of {@link #MSS_TABLE} not above it.
     */
    int make(int localAddress, int localPort, int remoteAddress, int remotePort, int peerIsn, int peerMss,
             long nowNanos) {
        int minute = minute(nowNanos);
        int index = 0;
        while (index + 1 < MSS_TABLE.length && MSS_TABLE[index + 1] <= peerMss) {
            index++;
        }
        return hash(localAddress, localPort, remoteAddress, remotePort, NO_MINUTE) + peerIsn + (minute << COOKIE_BITS)
                + ((hash(localAddress, localPort, remoteAddress, remotePort, minute) + index) & COOKIE_MASK);
    }

    /**
     * The MSS a returning ACK's cookie carries, or -1 if it is not a cookie of ours for this
     * 4-tuple made within the last {@link #MAX_AGE} minutes.
     *
     * @param peerIsn SEG.SEQ - 1 of the ACK: the ISN of the SYN the cookie answered
     * @param cookie  SEG.ACK - 1 of the ACK: the ISS of our SYN-ACK
     */
    int check(int localAddress, int localPort, int remoteAddress, int remotePort, int peerIsn, int cookie,
              long nowNanos) {
        int minute = minute(nowNanos);
        int c = cookie - hash(localAddress, localPort, remoteAddress, remotePort, NO_MINUTE) - peerIsn;
        int age = (minute - (c >>> COOKIE_BITS)) & 0xff;
        if (age >= MAX_AGE) {
            return -1;
        }
        int index = (c - hash(localAddress, localPort, remoteAddress, remotePort, minute - age)) & COOKIE_MASK;
        return index < MSS_TABLE.length ? MSS_TABLE[index] : -1;
    }

    /**
     * The TSval of a cookie SYN-ACK: the connection's clock value {@code tsNow} with its low bits
     * replaced by the peer's window scale ({@code -1} for none) and SACK-permitted option, moved
     * back a step if that put it ahead of the clock, so TSval never decreases once the connection
     * exists (RFC 7323 §5.4: monotone).
     */
    static int timestamp(int tsNow, int peerWindowScale, boolean sackPermitted) {
        int options = (peerWindowScale < 0 ? NO_WINDOW_SCALE : Math.min(peerWindowScale, NO_WINDOW_SCALE - 1))
                | (sackPermitted ? SACK_PERMITTED : 0);
        int ts = (tsNow & ~TS_OPTION_MASK) | options;
        return ts - tsNow > 0 ? ts - (1 << TS_OPTION_BITS) : ts;
    }

    /** The peer's window scale a returning TSecr carries: -1 for none. */
    static int windowScale(int tsEcr) {
        int shift = tsEcr & NO_WINDOW_SCALE;
        return shift == NO_WINDOW_SCALE ? -1 : shift;
    }

    /** Whether a returning TSecr says the peer's SYN permitted SACK. */
    static boolean sackPermitted(int tsEcr) {
        return (tsEcr & SACK_PERMITTED) != 0;
    }

    private int hash(int localAddress, int localPort, int remoteAddress, int remotePort, int minute) {
        long word0 = (long) localAddress << 32 | (remoteAddress & 0xffffffffL);
        long word1 = (long) localPort << 48 | (long) remotePort << 32 | (minute & 0xffffffffL);
        return (int) SipHash24.hash(k0, k1, word0, word1);
    }

    private static int minute(long nowNanos) {
        return (int) Math.floorDiv(nowNanos, TICK_NANOS);
    }
}
