package io.tcpstack.daemon;

import io.tcpstack.core.tcp.TcpInfo;
import io.tcpstack.core.tcp.TcpState;
import io.tcpstack.daemon.control.SocketRow;

import java.util.List;
import java.util.Locale;

/**
 * The text of {@code tcpstack ss}: Linux {@code ss -tan}'s columns, and with {@code -i} a second,
 * indented line per row as {@code ss -tanoi} prints it: {@code cubic wscale:7,7 rto:204 rtt:0.1/0.05
 * mss:1460 cwnd:10 ... timer:(on,200ms,0)}; for a listener its SYN and accept queues.
 */
final class SocketTable {
    private static final String ROW = "%-11s %6d %6d %-21s %-21s%n";

    private SocketTable() {
    }

    static String render(List<SocketRow> rows, boolean info) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-11s %6s %6s %-21s %-21s%n",
                "State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port"));
        for (SocketRow row : rows) {
            out.append(String.format(Locale.ROOT, ROW, SsStates.display(TcpState.valueOf(row.state())), row.recvQ(),
                    row.sendQ(), row.localAddress() + ":" + row.localPort(),
                    row.peerAddress() + ":" + (row.listening() ? "*" : Integer.toString(row.peerPort()))));
            if (info) {
                out.append("\t ").append(row.listening() ? queues(row) : details(row.info())).append('\n');
            }
        }
        return out.toString();
    }

    private static String queues(SocketRow listener) {
        return "syn_queue:" + listener.synQueue() + "/" + listener.synQueueLimit()
                + " accept_queue:" + listener.recvQ() + "/" + listener.sendQ();
    }

    private static String details(TcpInfo i) {
        return i.congestionControl()
                + " wscale:" + i.sendWindowShift() + "," + i.receiveWindowShift()
                + " rto:" + millis(i.rtoMicros())
                + " rtt:" + millis(i.srttMicros()) + "/" + millis(i.rttvarMicros())
                + " mss:" + i.mss()
                + " cwnd:" + i.cwnd()
                + " ssthresh:" + i.ssthresh()
                + " bytes_acked:" + i.bytesAcked()
                + " bytes_received:" + i.bytesReceived()
                + " retrans:" + i.retransmits()
                + (i.sack() ? " sack" : "")
                + (i.timestamps() ? " ts" : "")
                + (i.timer().equals("off") ? "" // as ss -o: no timer, no field
                        : " timer:(" + i.timer() + "," + duration(i.timerMillis()) + "," + i.retransmits() + ")");
    }

    /** Microseconds as {@code ss} prints milliseconds: {@code 0.125}, {@code 204}. */
    private static String millis(long micros) {
        return micros % 1000 == 0 ? Long.toString(micros / 1000)
                : String.format(Locale.ROOT, "%.3f", micros / 1000.0).replaceAll("0+$", "");
    }

    /** A timer's remaining time as {@code ss} prints it: {@code 200ms}, {@code 59sec}, {@code 119min}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return millis / 1000 + "sec";
        }
        return millis / 60_000 + "min";
    }
}
