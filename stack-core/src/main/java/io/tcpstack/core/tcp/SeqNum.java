package io.tcpstack.core.tcp;

/**
 * 32-bit modular sequence-number arithmetic (RFC 9293 §3.4, "Sequence Numbers").
 *
 * <p>Sequence numbers are unsigned 32-bit values held in {@code int}s. Two numbers are compared
 * by the sign of their 32-bit difference, which is correct as long as they are less than
 * 2^31 apart (the window and segment sizes guarantee that).
 */
final class SeqNum {
    private SeqNum() {
    }

    /** {@code a - b} as a signed 32-bit distance. */
    public static int diff(int a, int b) {
        return a - b;
    }

    /** {@code a < b} modulo 2^32. */
    public static boolean lt(int a, int b) {
        return a - b < 0;
    }

    /** {@code a <= b} modulo 2^32. */
    public static boolean le(int a, int b) {
        return a - b <= 0;
    }

    /** {@code a > b} modulo 2^32. */
    public static boolean gt(int a, int b) {
        return a - b > 0;
    }

    /** {@code a >= b} modulo 2^32. */
    public static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    /** The later of {@code a} and {@code b} modulo 2^32. */
    public static int max(int a, int b) {
        return gt(a, b) ? a : b;
    }

    /** The earlier of {@code a} and {@code b} modulo 2^32. */
    public static int min(int a, int b) {
        return lt(a, b) ? a : b;
    }

    /**
     * {@code start <= seq < start + length} modulo 2^32, {@code length} read as unsigned
     * (RFC 9293 §3.4 acceptability tests). An empty window contains nothing.
     */
    public static boolean inWindow(int seq, int start, int length) {
        return Integer.compareUnsigned(seq - start, length) < 0;
    }
}
