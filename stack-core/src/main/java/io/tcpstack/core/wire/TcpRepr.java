package io.tcpstack.core.wire;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * A TCP header as a value, for tests, traces and scripted segments; the data path uses the
 * {@link TcpHeader} view and a reused {@link TcpOptions} instead.
 *
 * @param flags         control bits, {@link TcpHeader#FIN} .. {@link TcpHeader#CWR}
 * @param checksum      the checksum field as found (0 when built for writing)
 * @param headerLength  header length in bytes, options included
 * @param options       the parsed options
 */
public record TcpRepr(int sourcePort, int destinationPort, int seq, int ack, int flags, int window,
                      int checksum, int urgentPointer, int headerLength, Options options) {

    /** Options as a value; absent numbers are -1, {@code sackBlocks} is never null. */
    public record Options(int mss, int windowScale, boolean sackPermitted, boolean timestamps,
                         int tsVal, int tsEcr, List<SackBlock> sackBlocks) {
        public static final Options NONE = new Options(-1, -1, false, false, 0, 0, List.of());

        public Options {
            sackBlocks = List.copyOf(sackBlocks);
        }

        static Options of(TcpOptions o) {
            List<SackBlock> blocks = new ArrayList<>(o.sackBlockCount());
            for (int b = 0; b < o.sackBlockCount(); b++) {
                blocks.add(new SackBlock(o.sackLeft(b), o.sackRight(b)));
            }
            return new Options(o.mss(), o.windowScale(), o.sackPermitted(), o.hasTimestamps(),
                    o.tsVal(), o.tsEcr(), blocks);
        }

        /** These options in a fresh mutable holder. */
        public TcpOptions toHolder() {
            TcpOptions o = new TcpOptions().mss(mss).windowScale(windowScale).sackPermitted(sackPermitted);
            if (timestamps) {
                o.timestamps(tsVal, tsEcr);
            }
            for (SackBlock b : sackBlocks) {
                o.addSackBlock(b.left(), b.right());
            }
            return o;
        }
    }

    /** One SACK block: sequence numbers of its first byte and just past its last. */
    public record SackBlock(int left, int right) {
    }

    /**
     * Parses the header of the {@code length}-byte segment at absolute {@code index}.
     *
     * @throws IllegalArgumentException if the header is truncated, its data offset is impossible,
     *                                  or an option is malformed
     */
    public static TcpRepr parse(ByteBuf buf, int index, int length) {
        if (length < TcpHeader.MIN_LENGTH) {
            throw new IllegalArgumentException("TCP segment shorter than 20 bytes: " + length);
        }
        int headerLength = TcpHeader.headerLength(buf, index);
        if (headerLength < TcpHeader.MIN_LENGTH || headerLength > length) {
            throw new IllegalArgumentException("bad TCP data offset: " + headerLength + " bytes of " + length);
        }
        TcpOptions options = new TcpOptions();
        if (!options.parse(buf, index + TcpHeader.MIN_LENGTH, headerLength - TcpHeader.MIN_LENGTH)) {
            throw new IllegalArgumentException("malformed TCP option");
        }
        return new TcpRepr(TcpHeader.sourcePort(buf, index), TcpHeader.destinationPort(buf, index),
                TcpHeader.seq(buf, index), TcpHeader.ack(buf, index), TcpHeader.flags(buf, index),
                TcpHeader.window(buf, index), TcpHeader.checksum(buf, index),
                TcpHeader.urgentPointer(buf, index), headerLength, Options.of(options));
    }

    /**
     * Writes this header at the writer index (checksum zero, data offset from the options;
     * {@link #checksum} and {@link #headerLength} are ignored).
     *
     * @return the header length written
     */
    public int write(ByteBuf out) {
        return TcpHeader.write(out, sourcePort, destinationPort, seq, ack, flags, window, urgentPointer,
                options.toHolder());
    }

    @Override
    public String toString() {
        return sourcePort + ">" + destinationPort + " " + TcpHeader.flagsToString(flags)
                + " seq=" + Integer.toUnsignedString(seq) + " ack=" + Integer.toUnsignedString(ack)
                + " win=" + window + " hlen=" + headerLength + " " + options;
    }
}
