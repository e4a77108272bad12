/**
 * TCP (RFC 9293) with its extensions: window scaling and timestamps (RFC 7323), SACK (RFC 2018,
 * RFC 2883), RACK-TLP (RFC 8985), NewReno (RFC 6582) and CUBIC (RFC 9438) congestion control,
 * RFC 5961's blind-attack defences. Everything runs on one event loop; nothing here locks.
 *
 * <h2>Who owns what</h2>
 *
 * <pre>
 *  TcpLayer            demultiplexes by 4-tuple, answers segments for nothing with RST (§3.10.7.1),
 *   |                  builds every segment (OutgoingSegment), flushes after a read batch and a timer
 *   +- TcpListener     LISTEN (§3.10.7.2): SYN queue, accept queue
 *   +- TcpConnection   the user calls OPEN, SEND, RECEIVE, CLOSE, ABORT (§3.10.1-§3.10.5)
 *      = TcpStateMachine  the state, SEGMENT ARRIVES in the RFC's order (§3.10.7), timeouts
 *        |                (§3.10.8), negotiated options (RFC 7323 §2.2 shifts), TcpTimestamps
 *        |                (TS.Recent, PAWS); hands the halves a TcbContext, nothing more
 *        +- TcpSender     ISS SND.UNA SND.NXT SND.WND SND.WL1 SND.WL2 MAX.SND.WND Eff.snd.MSS:
 *        |   |            the ACK of §3.10.7.4's fifth check (onAck), window, Nagle and SWS
 *        |   |            (§3.7.4, §3.8.6.2.1), retransmission timeout (RFC 6298, RtoEstimator)
 *        |   +- CongestionControl  cwnd, ssthresh (RFC 5681; NewReno, Cubic)
 *        |   +- FastRecovery       recover, duplicate ACKs, NewReno inflation (RFC 6582)
 *        |   +- RecoveryUndo       spurious retransmissions (RFC 3522, RFC 3708, RFC 4015)
 *        |   +- PersistTimer       zero-window probes (§3.8.6.1)
 *        |   +- LossRecovery       chosen once the SYNs are in:
 *        |        RenoRecovery     no SACK: fast retransmit, partial ACKs, go-back-N
 *        |        SackRecovery     SACK: SackScoreboard (RFC 6675), SentLog, Rack and
 *        |                         TailLossProbe (RFC 8985), the pipe
 *        +- TcpReceiver   IRS RCV.NXT RCV.WND Rcv.Wind.Shift: the acceptability test (§3.4), text
 *                         and FIN (§3.10.7.4 seventh, eighth), ReceiveBuffer, SackReporter,
 *                         delayed ACKs (§3.8.6.3)
 * </pre>
 *
 * <p>Timers are named by {@link io.tcpstack.core.tcp.TcpTimer}; the connection dispatches a firing
 * timer by its kind to the half that owns it. Tests and observers read a connection through
 * {@code TcbSnapshot}, a copy, never through the halves' fields. Counters are
 * {@link io.tcpstack.core.tcp.TcpCounters} (TCP-MIB names).
 */
package io.tcpstack.core.tcp;
