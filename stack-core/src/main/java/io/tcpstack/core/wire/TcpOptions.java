package io.tcpstack.core.wire;

import io.netty.buffer.ByteBuf;

/**
 * The TCP options this stack understands (RFC 9293 §3.1, §3.2; RFC 7323; RFC 2018), as a
 * reusable mutable holder: one instance per event loop parses every segment without allocating,
 * and one per connection describes what to send.
 *
 * <p>Absent numeric options are {@code -1}. Values are stored as received; range rules (a window
 * scale above 14, an MSS below the minimum) are the TCP engine's to apply.
 */
public final class TcpOptions {
    /** End of option list (RFC 9293 §3.2). */
    public static final int KIND_EOL = 0;
    /** No-operation, used for padding and alignment (RFC 9293 §3.2). */
    public static final int KIND_NOP = 1;
    /** Maximum segment size, length 4 (RFC 9293 §3.2). */
    public static final int KIND_MSS = 2;
    /** Window scale shift count, length 3 (RFC 7323 §2.2). */
    public static final int KIND_WINDOW_SCALE = 3;
    /** SACK permitted, length 2 (RFC 2018 §2). */
    public static final int KIND_SACK_PERMITTED = 4;
    /** SACK blocks, length 2 + 8n (RFC 2018 §3). */
    public static final int KIND_SACK = 5;
    /** Timestamps TSval/TSecr, length 10 (RFC 7323 §3.2). */
    public static final int KIND_TIMESTAMPS = 8;

    /** Largest option space: data offset 15 words minus the 20-byte fixed header. */
    public static final int MAX_LENGTH = 40;
    /** Most SACK blocks that fit in the option space (RFC 2018 §3). */
    public static final int MAX_SACK_BLOCKS = 4;
    /** Largest shift count of the window scale option (RFC 7323 §2.3: a larger one is taken as 14). */
    public static final int MAX_WINDOW_SHIFT = 14;

    private static final int LENGTH_MSS = 4;
    private static final int LENGTH_WINDOW_SCALE = 3;
    private static final int LENGTH_SACK_PERMITTED = 2;
    private static final int LENGTH_TIMESTAMPS = 10;
    private static final int SACK_BLOCK_LENGTH = 8;

    /** Maximum segment size in bytes, 0..65535, or -1 when absent. */
    private int mss = -1;
    /** Window scale shift count as received, 0..255, or -1 when absent. */
    private int windowScale = -1;
    /** True if SACK-permitted is present. */
    private boolean sackPermitted;
    /** True if the timestamps option is present; {@link #tsVal} and {@link #tsEcr} are valid only then. */
    private boolean timestamps;
    /** TSval (RFC 7323 §3.2), unsigned 32 bits; meaningful only when {@link #timestamps}. */
    private int tsVal;
    /** TSecr (RFC 7323 §3.2), unsigned 32 bits; meaningful only when {@link #timestamps}. */
    private int tsEcr;
    /** Number of valid SACK blocks, 0..{@link #MAX_SACK_BLOCKS}. */
    private int sackBlockCount;
    /** Left and right edges of block i at [2i] and [2i+1], for i < {@link #sackBlockCount}. */
    private final int[] sackEdges = new int[2 * MAX_SACK_BLOCKS];

    /** Removes every option. */
    public TcpOptions clear() {
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        timestamps = false;
        tsVal = 0;
        tsEcr = 0;
        sackBlockCount = 0;
        return this;
    }

    /**
     * Replaces this holder's contents with the options in {@code length} bytes of {@code buf} at
     * absolute {@code index}. Unknown kinds are skipped by their length; NOPs are skipped; EOL
     * ends the list (RFC 9293 §3.2).
     *
     * @return false if an option is malformed: a length below 2, an option running past the end,
     *         a wrong length for a fixed-size option, or a SACK length that is not 2 + 8n for
     *         n in 1..4. The holder's contents are then unspecified.
     */
    public boolean parse(ByteBuf buf, int index, int length) {
        clear();
        int i = index;
        int end = index + length;
        while (i < end) {
            int kind = buf.getUnsignedByte(i);
            if (kind == KIND_EOL) {
                return true;
            }
            if (kind == KIND_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return false; // kind byte without a length byte
            }
            int len = buf.getUnsignedByte(i + 1);
            if (len < 2 || i + len > end) {
                return false;
            }
            if (!parseOne(buf, kind, i + 2, len)) {
                return false;
            }
            i += len;
        }
        return true;
    }

    private boolean parseOne(ByteBuf buf, int kind, int value, int len) {
        switch (kind) {
            case KIND_MSS -> {
                if (len != LENGTH_MSS) {
                    return false;
                }
                mss = buf.getUnsignedShort(value);
            }
            case KIND_WINDOW_SCALE -> {
                if (len != LENGTH_WINDOW_SCALE) {
                    return false;
                }
                windowScale = buf.getUnsignedByte(value);
            }
            case KIND_SACK_PERMITTED -> {
                if (len != LENGTH_SACK_PERMITTED) {
                    return false;
                }
                sackPermitted = true;
            }
            case KIND_TIMESTAMPS -> {
                if (len != LENGTH_TIMESTAMPS) {
                    return false;
                }
                timestamps = true;
                tsVal = buf.getInt(value);
                tsEcr = buf.getInt(value + 4);
            }
            case KIND_SACK -> {
                int blocks = (len - 2) / SACK_BLOCK_LENGTH;
                if ((len - 2) % SACK_BLOCK_LENGTH != 0 || blocks < 1 || blocks > MAX_SACK_BLOCKS) {
                    return false;
                }
                sackBlockCount = blocks;
                for (int e = 0; e < 2 * blocks; e++) {
                    sackEdges[e] = buf.getInt(value + 4 * e);
                }
            }
            default -> {
                // RFC 9293 §3.2: an unknown option is skipped by its length.
            }
        }
        return true;
    }

    /**
     * Bytes {@link #encode(ByteBuf)} writes: a multiple of 4, at most {@link #MAX_LENGTH}. SACK
     * blocks that do not fit after the other options are left out (the first ones are kept:
     * RFC 2018 §4 puts the most recent block first).
     */
    public int encodedLength() {
        int fixed = fixedEncodedLength();
        return fixed + sackEncodedLength(sackBlocksThatFit(fixed));
    }

    /**
     * Writes the options at the writer index, each aligned to 4 bytes with leading NOPs the way
     * common stacks lay them out: MSS; NOP WS; SACK-permitted and timestamps together (or each
     * after two NOPs); NOP NOP SACK.
     *
     * @return the number of bytes written, {@link #encodedLength()}
     */
    public int encode(ByteBuf out) {
        int start = out.writerIndex();
        if (mss >= 0) {
            out.writeByte(KIND_MSS).writeByte(LENGTH_MSS).writeShort(mss);
        }
        if (windowScale >= 0) {
            out.writeByte(KIND_NOP).writeByte(KIND_WINDOW_SCALE).writeByte(LENGTH_WINDOW_SCALE)
                    .writeByte(windowScale);
        }
        if (sackPermitted && timestamps) {
            out.writeByte(KIND_SACK_PERMITTED).writeByte(LENGTH_SACK_PERMITTED);
            writeTimestamps(out);
        } else if (sackPermitted) {
            out.writeByte(KIND_NOP).writeByte(KIND_NOP)
                    .writeByte(KIND_SACK_PERMITTED).writeByte(LENGTH_SACK_PERMITTED);
        } else if (timestamps) {
            out.writeByte(KIND_NOP).writeByte(KIND_NOP);
            writeTimestamps(out);
        }
        int blocks = sackBlocksThatFit(out.writerIndex() - start);
        if (blocks > 0) {
            out.writeByte(KIND_NOP).writeByte(KIND_NOP)
                    .writeByte(KIND_SACK).writeByte(2 + blocks * SACK_BLOCK_LENGTH);
            for (int e = 0; e < 2 * blocks; e++) {
                out.writeInt(sackEdges[e]);
            }
        }
        return out.writerIndex() - start;
    }

    private void writeTimestamps(ByteBuf out) {
        out.writeByte(KIND_TIMESTAMPS).writeByte(LENGTH_TIMESTAMPS).writeInt(tsVal).writeInt(tsEcr);
    }

    private int fixedEncodedLength() {
        int len = 0;
        if (mss >= 0) {
            len += 4;
        }
        if (windowScale >= 0) {
            len += 4;
        }
        if (sackPermitted && timestamps) {
            len += 12;
        } else if (sackPermitted) {
            len += 4;
        } else if (timestamps) {
            len += 12;
        }
        return len;
    }

    private int sackBlocksThatFit(int usedLength) {
        int room = (MAX_LENGTH - usedLength - 4) / SACK_BLOCK_LENGTH;
        return Math.max(0, Math.min(sackBlockCount, room));
    }

    private static int sackEncodedLength(int blocks) {
        return blocks == 0 ? 0 : 4 + blocks * SACK_BLOCK_LENGTH;
    }

    public int mss() {
        return mss;
    }

    /** Sets the MSS (0..65535) or removes it (-1). */
    public TcpOptions mss(int mss) {
        if (mss < -1 || mss > 0xFFFF) {
            throw new IllegalArgumentException("MSS out of range: " + mss);
        }
        this.mss = mss;
        return this;
    }

    public int windowScale() {
        return windowScale;
    }

    /** Sets the window scale shift count (0..14, RFC 7323 §2.3) or removes it (-1). */
    public TcpOptions windowScale(int shift) {
        if (shift < -1 || shift > 14) {
            throw new IllegalArgumentException("window scale out of range: " + shift);
        }
        this.windowScale = shift;
        return this;
    }

    public boolean sackPermitted() {
        return sackPermitted;
    }

    public TcpOptions sackPermitted(boolean permitted) {
        this.sackPermitted = permitted;
        return this;
    }

    public boolean hasTimestamps() {
        return timestamps;
    }

    public int tsVal() {
        return tsVal;
    }

    public int tsEcr() {
        return tsEcr;
    }

    /** Sets the timestamps option. */
    public TcpOptions timestamps(int tsVal, int tsEcr) {
        this.timestamps = true;
        this.tsVal = tsVal;
        this.tsEcr = tsEcr;
        return this;
    }

    /** Removes the timestamps option. */
    public TcpOptions clearTimestamps() {
        this.timestamps = false;
        this.tsVal = 0;
        this.tsEcr = 0;
        return this;
    }

    public int sackBlockCount() {
        return sackBlockCount;
    }

    /** Left edge of SACK block {@code i} (sequence number of its first byte). */
    public int sackLeft(int i) {
        return sackEdges[2 * checkBlock(i)];
    }

    /** Right edge of SACK block {@code i} (sequence number just past its last byte). */
    public int sackRight(int i) {
        return sackEdges[2 * checkBlock(i) + 1];
    }

    /** Appends a SACK block; false (and nothing changes) if {@link #MAX_SACK_BLOCKS} are held. */
    public boolean addSackBlock(int left, int right) {
        if (sackBlockCount == MAX_SACK_BLOCKS) {
            return false;
        }
        sackEdges[2 * sackBlockCount] = left;
        sackEdges[2 * sackBlockCount + 1] = right;
        sackBlockCount++;
        return true;
    }

    /** Removes every SACK block. */
    public TcpOptions clearSackBlocks() {
        sackBlockCount = 0;
        return this;
    }

    /** Makes this holder a copy of {@code other}. */
    public TcpOptions copyFrom(TcpOptions other) {
        mss = other.mss;
        windowScale = other.windowScale;
        sackPermitted = other.sackPermitted;
        timestamps = other.timestamps;
        tsVal = other.tsVal;
        tsEcr = other.tsEcr;
        sackBlockCount = other.sackBlockCount;
        System.arraycopy(other.sackEdges, 0, sackEdges, 0, sackEdges.length);
        return this;
    }

    private int checkBlock(int i) {
        if (i < 0 || i >= sackBlockCount) {
            throw new IndexOutOfBoundsException("SACK block " + i + " of " + sackBlockCount);
        }
        return i;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        if (mss >= 0) {
            sb.append(" mss=").append(mss);
        }
        if (windowScale >= 0) {
            sb.append(" ws=").append(windowScale);
        }
        if (sackPermitted) {
            sb.append(" sackOK");
        }
        if (timestamps) {
            sb.append(" ts=").append(Integer.toUnsignedString(tsVal))
                    .append('/').append(Integer.toUnsignedString(tsEcr));
        }
        for (int b = 0; b < sackBlockCount; b++) {
            sb.append(" sack=").append(Integer.toUnsignedString(sackEdges[2 * b]))
                    .append('-').append(Integer.toUnsignedString(sackEdges[2 * b + 1]));
        }
        return sb.append(" ]").toString();
    }
}
