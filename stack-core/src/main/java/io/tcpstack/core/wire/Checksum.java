package io.tcpstack.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.internal.MathUtil;
import io.netty.util.internal.PlatformDependent;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of
 * the data taken as big-endian 16-bit words, an odd trailing byte padded with a zero low byte.
 *
 * <p>A <em>partial sum</em> is the folded one's complement sum of some data, an int in
 * {@code [0, 0xFFFF]}, not yet complemented. Partial sums of consecutive regions combine with
 * {@link #combine(int, int)} as long as every region but the last has an even length (the
 * word boundaries then line up; TCP, UDP and IPv4 headers are always even). {@link #finish(int)}
 * turns a partial sum into the value that goes into a header field.
 *
 * <p>Reads go eight bytes at a time, straight from native memory for a direct buffer (the packet
 * path) and through the {@link ByteBuf} absolute getters otherwise: nothing is copied or
 * allocated, any start index (odd ones included) works, and composite buffers are summed across
 * component boundaries by the buffer itself.
 */
public final class Checksum {
    private Checksum() {
    }

    /** The partial sum of {@code length} bytes of {@code buf} starting at absolute {@code index}. */
    public static int partial(ByteBuf buf, int index, int length) {
        if (length >= 64 && buf.hasMemoryAddress() && PlatformDependent.hasUnsafe()) {
            if (MathUtil.isOutOfBounds(index, length, buf.capacity())) {
                throw new IndexOutOfBoundsException("checksum of " + length + " bytes at " + index + " in " + buf);
            }
            if (buf.refCnt() == 0) {
                throw new IllegalReferenceCountException(0);
            }
            return partialAt(buf.memoryAddress() + index, length);
        }
        long sum = 0;
        int i = index;
        int end = index + length;
        // RFC 1071 §2(C): sum in a wider accumulator, fold the carries at the end; with 64-bit
        // words the end-around carry is added at once (2^64 == 1 modulo 2^16 - 1).
        for (; end - i >= 8; i += 8) {
            long word = buf.getLong(i);
            sum += word;
            if (Long.compareUnsigned(sum, word) < 0) {
                sum++;
            }
        }
        return combine(fold(sum), tail(buf, i, end));
    }

    /**
     * {@link #partial} of {@code length} bytes of native memory at {@code address} (a direct
     * buffer's, bounds already checked): the per-segment path. Eight bytes at a time, their two
     * 32-bit halves added into two 64-bit accumulators, which cannot overflow below 2^31 words
     * (RFC 1071 §2(C), deferred carries); the words are read in the machine's byte order, which
     * only swaps the two bytes of the folded sum (RFC 1071 §2(B)).
     */
    private static int partialAt(long address, int length) {
        long a = 0;
        long b = 0;
        long p = address;
        long end = address + (length & ~15);
        for (; p < end; p += 16) {
            long w0 = PlatformDependent.getLong(p);
            long w1 = PlatformDependent.getLong(p + 8);
            a += (w0 >>> 32) + (w0 & 0xFFFFFFFFL);
            b += (w1 >>> 32) + (w1 & 0xFFFFFFFFL);
        }
        int rest = length & 15;
        if (rest >= 8) {
            long w = PlatformDependent.getLong(p);
            a += (w >>> 32) + (w & 0xFFFFFFFFL);
            p += 8;
            rest -= 8;
        }
        int sum = fold(a + b);
        if (PlatformDependent.BIG_ENDIAN_NATIVE_ORDER) {
            return combine(sum, tailAt(p, rest));
        }
        sum = Integer.reverseBytes(sum) >>> 16; // little-endian words: swap the folded sum's bytes
        return combine(sum, tailAt(p, rest));
    }

    /** The partial sum of the last {@code rest} (< 8) bytes at {@code p}, big-endian words. */
    private static int tailAt(long p, int rest) {
        long tail = 0;
        int i = 0;
        for (; rest - i >= 2; i += 2) {
            tail += ((PlatformDependent.getByte(p + i) & 0xFF) << 8) | (PlatformDependent.getByte(p + i + 1) & 0xFF);
        }
        if (i < rest) {
            tail += (PlatformDependent.getByte(p + i) & 0xFF) << 8; // RFC 1071 §4.1: odd byte is the high half
        }
        return fold(tail);
    }

    /** The partial sum of the bytes {@code [i, end)} of {@code buf}, fewer than eight. */
    private static int tail(ByteBuf buf, int i, int end) {
        long tail = 0;
        if (end - i >= 4) {
            tail += buf.getUnsignedInt(i);
            i += 4;
        }
        if (end - i >= 2) {
            tail += buf.getUnsignedShort(i);
            i += 2;
        }
        if (i < end) {
            tail += buf.getUnsignedByte(i) << 8; // RFC 1071 §4.1: odd byte is the high half
        }
        return fold(tail);
    }

    /**
     * The partial sum of the IPv4 pseudo-header that TCP and UDP prepend to their checksum
     * (RFC 9293 §3.1): source, destination, zero, protocol, segment length (header + data).
     */
    public static int pseudoHeader(int source, int destination, int protocol, int length) {
        long sum = (source >>> 16) + (source & 0xFFFF)
                + (destination >>> 16) + (destination & 0xFFFF)
                + protocol + length;
        return fold(sum);
    }

    /** One's complement sum of two partial sums (the first must cover an even number of bytes). */
    public static int combine(int a, int b) {
        int sum = a + b;
        return (sum & 0xFFFF) + (sum >>> 16);
    }

    /** The checksum field value for a partial sum: its one's complement. */
    public static int finish(int partial) {
        return ~partial & 0xFFFF;
    }

    /** The finished checksum of a region: the value to store in a header's checksum field. */
    public static int compute(ByteBuf buf, int index, int length) {
        return finish(partial(buf, index, length));
    }

    /**
     * True if a region whose checksum field is included sums to all ones, i.e. the stored
     * checksum is correct (RFC 1071 §1: the receiver's check).
     */
    public static boolean isValid(int partialIncludingChecksumField) {
        return partialIncludingChecksumField == 0xFFFF;
    }

    /** Folds a 64-bit one's complement accumulator to 16 bits. */
    private static int fold(long sum) {
        long s = (sum & 0xFFFFFFFFL) + (sum >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int) s;
    }
}
