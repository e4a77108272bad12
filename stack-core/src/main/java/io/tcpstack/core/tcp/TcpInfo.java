package io.tcpstack.core.tcp;

import java.util.Locale;

/**
 * One connection's internals as {@code ss -i} shows them (Linux's {@code struct tcp_info}), taken
 * from a {@link TcbSnapshot} on the event loop; an immutable copy any thread may read.
 *
 * @param cwnd congestion window in bytes; 0 before the MSS is known
 * @param ssthresh slow start threshold in bytes
 * @param srttMicros smoothed round-trip time (RFC 6298); 0 before the first sample
 * @param rttvarMicros round-trip time variation
 * @param rtoMicros retransmission timeout with backoff
 * @param mss the effective send MSS
 * @param sendWindowShift the peer's window scale (RFC 7323), applied to windows it sends
 * @param receiveWindowShift ours, applied to the windows we send
 * @param sack SACK is in use (RFC 2018)
 * @param timestamps the timestamps option is in use (RFC 7323)
 * @param bytesAcked SND.UNA - ISS: sequence space the peer acknowledged, SYN and FIN included, as Linux counts
 *        (modulo 2^32)
 * @param bytesReceived RCV.NXT - IRS - 1: sequence space received in order after the SYN (modulo 2^32)
 * @param retransmits consecutive retransmission timeouts without progress
 * @param timer the running timer in {@code ss} terms ({@code on}: retransmission, {@code persist},
 *        {@code keepalive}, {@code timewait}: TIME_WAIT or FIN_WAIT_2), or {@code off}
 * @param timerMillis milliseconds until that timer fires, 0 when {@code off}
 * @param congestionControl the congestion control's name in lower case, e.g. {@code cubic}
 */
public record TcpInfo(int cwnd, int ssthresh, long srttMicros, long rttvarMicros, long rtoMicros, int mss,
                      int sendWindowShift, int receiveWindowShift, boolean sack, boolean timestamps,
                      long bytesAcked, long bytesReceived, int retransmits, String timer, long timerMillis,
                      String congestionControl) {

    /** The {@code ss -i} view of {@code s} at {@code nowNanos} (the stack's clock). */
    static TcpInfo of(TcbSnapshot s, long nowNanos) {
        boolean synced = s.state().isSynchronized();
        return new TcpInfo(s.cwnd(), s.ssthresh(), s.srttNanos() / 1000, s.rttvarNanos() / 1000, s.rtoNanos() / 1000,
                s.mss(), s.sndWindShift(), s.rcvWindShift(), s.sack(), s.timestamps(),
                synced ? Integer.toUnsignedLong(s.sndUna() - s.iss()) : 0,
                synced ? Integer.toUnsignedLong(s.rcvNxt() - s.irs() - 1) : 0,
                s.retries(), timerName(s.timer()),
                s.timer() == null ? 0 : Math.max(0, (s.timerDeadlineNanos() - nowNanos) / 1_000_000),
                s.congestionControl().toLowerCase(Locale.ROOT));
    }

    /** {@code ss}'s name for a running timer. */
    private static String timerName(TcpTimer timer) {
        if (timer == null) {
            return "off";
        }
        return switch (timer) {
            case RETRANSMIT, REORDER, LOSS_PROBE -> "on";
            case PERSIST -> "persist";
            case KEEPALIVE -> "keepalive";
            case CLOSE -> "timewait";
            case DELAYED_ACK -> "off";
        };
    }
}
