package io.tcpstack.core.tcp;

import java.security.SecureRandom;

/**
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012): a keyed
 * 64-bit pseudorandom function, used as F() of RFC 6528. Key and message words are read
 * little-endian, as in the reference implementation.
 */
final class SipHash24 {
    /** Compression rounds per message word (the "2"). */
    private static final int C_ROUNDS = 2;

    /** Finalization rounds (the "4"). */
    private static final int D_ROUNDS = 4;

    /** The internal state v0..v3 of one hash computation. */
    private long v0;
    private long v1;
    private long v2;
    private long v3;

    private SipHash24(long k0, long k1) {
        v0 = k0 ^ 0x736f6d6570736575L;
        v1 = k1 ^ 0x646f72616e646f6dL;
        v2 = k0 ^ 0x6c7967656e657261L;
        v3 = k1 ^ 0x7465646279746573L;
    }

    /** A fresh 128-bit secret key from {@link SecureRandom}. */
    static byte[] randomKey() {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** Reads the 128-bit key's first (i = 0) or second (i = 1) 64-bit half. */
    static long keyHalf(byte[] key, int i) {
        if (key.length != 16) {
            throw new IllegalArgumentException("SipHash key must be 16 bytes, got " + key.length);
        }
        return littleEndianLong(key, 8 * i, 8);
    }

    /** SipHash-2-4 of {@code message} under the key {@code (k0, k1)}. */
    static long hash(long k0, long k1, byte[] message) {
        SipHash24 state = new SipHash24(k0, k1);
        int fullWords = message.length / 8;
        for (int w = 0; w < fullWords; w++) {
            state.compress(littleEndianLong(message, 8 * w, 8));
        }
        // Last word: the remaining bytes, with the message length (mod 256) in the top byte.
        state.compress(littleEndianLong(message, 8 * fullWords, message.length % 8)
                | ((long) message.length << 56));
        return state.finish();
    }

    /**
     * SipHash-2-4 of the 16-byte message whose little-endian words are {@code word0} and
     * {@code word1}: the same value as {@link #hash(long, long, byte[])} of those bytes, without
     * building them.
     */
    static long hash(long k0, long k1, long word0, long word1) {
        SipHash24 state = new SipHash24(k0, k1);
        state.compress(word0);
        state.compress(word1);
        state.compress(16L << 56);
        return state.finish();
    }

    /** Finalization, after the last word (the one with the length byte) was compressed. */
    private long finish() {
        v2 ^= 0xff;
        rounds(D_ROUNDS);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private void compress(long m) {
        v3 ^= m;
        rounds(C_ROUNDS);
        v0 ^= m;
    }

    private void rounds(int n) {
        for (int i = 0; i < n; i++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
    }

    private static long littleEndianLong(byte[] bytes, int offset, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value |= (bytes[offset + i] & 0xffL) << (8 * i);
        }
        return value;
    }
}
