package io.tcpstack.core.tcp;

import io.tcpstack.core.wire.IcmpHeader;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;

/**
 * What TCP does with an ICMP error about one of its segments. RFC 5927 §4.1: the error is
 * believed only if the sequence number it quotes was sent and is unacknowledged
 * (SND.UNA =< SEG.SEQ < SND.NXT); otherwise it is counted and ignored, so a blind attacker must
 * guess the window as for a RST. RFC 1122 §4.2.3.9 with RFC 5461: a hard error (the host refused
 * the port or the protocol, or the path is administratively closed) ends a connection attempt at
 * once, instead of after every SYN retransmission, and a half-open connection from a listener
 * returns to LISTEN; in the synchronized states no error aborts a connection (RFC 5461 §4: the
 * path may heal). Soft errors (net or host unreachable, time exceeded, parameter problem) are
 * left to the retransmission timer. Fragmentation needed is not acted on: path MTU discovery
 * (RFC 1191) is not done; the MSS follows the link's MTU.
 */
final class IcmpErrors {
    private IcmpErrors() {
    }

    static void arrives(TcpConnection c, int type, int code, int seq) {
        TcpSender snd = c.snd;
        if (!SeqNum.le(snd.una(), seq) || !SeqNum.lt(seq, snd.max())) {
            c.layer.counters().increment(TcpCounters.Counter.OUT_OF_WINDOW_ICMPS);
            return;
        }
        if (type != IcmpHeader.TYPE_DESTINATION_UNREACHABLE || !hard(code)) {
            return;
        }
        String cause = "ICMP destination unreachable (code " + code + ") for our SYN";
        switch (c.state) {
            case SYN_SENT -> {
                c.layer.counters().increment(TcpCounters.Counter.ICMP_ABORTS);
                c.deleteTcb(cause, TcpState.CLOSED, error(code));
            }
            case SYN_RECEIVED -> {
                if (c.listener != null) {
                    c.layer.counters().increment(TcpCounters.Counter.ICMP_ABORTS);
                    c.deleteTcb(cause + "|ACK", TcpState.LISTEN, null);
                }
            }
            default -> {
                // synchronized: RFC 5461 §4, no abort
            }
        }
    }

    /** The codes Linux treats as fatal (icmp_err_convert), but fragmentation needed, which is path MTU discovery's. */
    private static boolean hard(int code) {
        return switch (code) {
            case 2, 3, 6, 7, 8, 9, 10, 13, 14, 15 -> true;
            default -> false;
        };
    }

    /** The error the user sees, as Linux maps the codes. */
    private static IOException error(int code) {
        return switch (code) {
            case IcmpHeader.CODE_PORT_UNREACHABLE -> new ConnectException("Connection refused");
            case IcmpHeader.CODE_PROTOCOL_UNREACHABLE -> new ConnectException("Protocol not available");
            default -> new NoRouteToHostException("No route to host");
        };
    }
}
