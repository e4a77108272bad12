package io.tcpstack.daemon.control;

import io.tcpstack.core.tcp.TcpTransition;
import io.tcpstack.core.wire.TcpHeader;
import io.tcpstack.core.wire.TcpOptions;
import io.tcpstack.tun.Ipv4Text;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link TraceTap} copies on the event loop: numbers only, made into a {@link TraceEvent}
 * (names, text) on the control channel's thread.
 */
sealed interface TraceRecord {
    TraceEvent event();

    /** A segment as the tap saw it; {@code sack} holds left and right edges in turn. */
    record Segment(long time, int queue, int localAddress, boolean inbound, int peerAddress, int localPort,
                   int peerPort, int seq, int ack, int flags, int window, int len, int mss, int windowScale,
                   boolean sackPermitted, boolean timestamps, int tsVal, int tsEcr, int[] sack) implements TraceRecord {

        static Segment of(long time, int queue, int localAddress, boolean inbound, int peerAddress, int localPort,
                          int peerPort, int seq, int ack, int flags, int window, int len, TcpOptions o) {
            int[] sack = new int[o.sackBlockCount() * 2];
            for (int i = 0; i < o.sackBlockCount(); i++) {
                sack[2 * i] = o.sackLeft(i);
                sack[2 * i + 1] = o.sackRight(i);
            }
            return new Segment(time, queue, localAddress, inbound, peerAddress, localPort, peerPort, seq, ack, flags,
                    window, len, o.mss(), o.windowScale(), o.sackPermitted(), o.hasTimestamps(), o.tsVal(), o.tsEcr(),
                    sack);
        }

        @Override
        public TraceEvent event() {
            List<List<Long>> blocks = null;
            if (sack.length > 0) {
                blocks = new ArrayList<>();
                for (int i = 0; i < sack.length; i += 2) {
                    blocks.add(List.of(unsigned(sack[i]), unsigned(sack[i + 1])));
                }
            }
            TraceEvent.Options options = new TraceEvent.Options(mss >= 0 ? mss : null,
                    windowScale >= 0 ? windowScale : null, sackPermitted ? true : null,
                    timestamps ? unsigned(tsVal) : null, timestamps ? unsigned(tsEcr) : null, blocks);
            return new TraceEvent(TraceEvent.SEGMENT, time, queue, Ipv4Text.format(localAddress), localPort,
                    Ipv4Text.format(peerAddress), peerPort, inbound ? "in" : "out", flagNames(flags), unsigned(seq),
                    (flags & TcpHeader.ACK) != 0 ? unsigned(ack) : null, len, window, options, null, null, null, null,
                    null);
        }
    }

    /** A state change of the stack's end. */
    record State(long time, int queue, TcpTransition transition) implements TraceRecord {
        @Override
        public TraceEvent event() {
            TcpTransition t = transition;
            return new TraceEvent(TraceEvent.STATE, time, queue, Ipv4Text.format(t.localAddress()), t.localPort(),
                    Ipv4Text.format(t.remoteAddress()), t.remotePort(), null, null, null, null, null, null, null, null,
                    t.from().name(), t.to().name(), t.cause(), null);
        }
    }

    private static long unsigned(int n) {
        return Integer.toUnsignedLong(n);
    }

    /** The control bits by name, in header order (RFC 9293 §3.1). */
    static List<String> flagNames(int flags) {
        return List.of(TcpHeader.flagsToString(flags).split("\\|"));
    }
}
