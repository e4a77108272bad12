package io.tcpstack.daemon.services;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The body of {@code GET /bytes/N}: byte {@code i} (from 0) is {@code i mod 251}. The period is
 * prime, so it never lines up with buffer or segment sizes and a misplaced chunk shows up.
 */
public final class BytesPattern {
    /** The pattern's period: byte i is (i mod PERIOD). */
    public static final int PERIOD = 251;
    /** Largest slice handed out at once. */
    static final int MAX_SLICE = 64 * 1024;
    /** TABLE[k] = k mod PERIOD; long enough for a slice of MAX_SLICE at any phase; never written. */
    private static final byte[] TABLE = new byte[PERIOD + MAX_SLICE];

    static {
        for (int k = 0; k < TABLE.length; k++) {
            TABLE[k] = (byte) (k % PERIOD);
        }
    }

    private BytesPattern() {
    }

    /** Bytes [offset, offset + length) of the pattern, without copying; length <= MAX_SLICE. */
    static ByteBuf slice(long offset, int length) {
        return Unpooled.wrappedBuffer(TABLE, (int) (offset % PERIOD), length).asReadOnly();
    }

    /** Lowercase hex SHA-256 of the first {@code n} bytes of the pattern. */
    public static String sha256Hex(long n) {
        MessageDigest sha = sha256();
        for (long offset = 0; offset < n; offset += MAX_SLICE) {
            int length = (int) Math.min(MAX_SLICE, n - offset);
            sha.update(TABLE, (int) (offset % PERIOD), length);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
