package io.tcpstack.core.tcp;

import static io.tcpstack.core.wire.TcpHeader.ACK;

import io.tcpstack.core.time.TimerScheduler.Timer;

/**
 * The sender's persist timer (RFC 9293 §3.8.6.1, {@link TcpTimer#PERSIST}): armed only while
 * unsent data waits for the peer's window and nothing is outstanding. When it fires with a
 * usable window it sends what fits (the SWS override timeout, §3.8.6.2.1); with a zero window it
 * sends a probe the peer must answer with its window. The interval backs off as RTO * 2^probes;
 * probing goes on as long as the peer answers (RFC 1122 §4.2.2.17) and gives up after
 * {@code maxRetries} unanswered probes, or with a user timeout once probes have gone unanswered that long. Made by the sender when first needed: most connections
 * never meet a zero window. Loop-confined.
 */
final class PersistTimer {
    private final TcpSender sender;
    private final TcbContext context;
    private final TcpConfig config;
    private final Timer timer;
    /** Probes sent since the window was last open. */
    private int probes;
    /** Probes the peer has not answered (any window update answers). */
    private int unansweredProbes;
    /** When the first of the unanswered probes was sent: where a user timeout counts from. */
    private long unansweredSince;

    PersistTimer(TcpSender sender, TcbContext context, TcpConfig config) {
        this.sender = sender;
        this.context = context;
        this.config = config;
        this.timer = context.newTimer(TcpTimer.PERSIST);
    }

    /** Records this timer in a snapshot if it runs. */
    void describe(TcbSnapshot.Builder s) {
        s.timer(TcpTimer.PERSIST, timer);
    }

    /** The peer sent a window: it answered; an open window ends the backoff and the timer. */
    void windowUpdated(int wnd) {
        unansweredProbes = 0;
        if (wnd > 0) {
            probes = 0;
            cancel();
        }
    }

    /** Arms the timer unless it is armed: the sender is blocked by the window ({@link TcpSender#blockedByWindow}). */
    void arm() {
        if (!timer.isArmed()) {
            long interval = sender.rto().rto() << Math.min(probes, 30);
            timer.setDeadline(context.now() + Math.min(Math.max(interval, 0), config.maxRto().toNanos()));
        }
    }

    void cancel() {
        timer.cancel();
    }

    /**
     * The timer fired: with a usable window, sends what fits; with a zero window, sends an ACK
     * with sequence number SND.UNA - 1, which lies outside the peer's window, so the peer answers
     * with its window.
     */
    void fires() {
        int una = sender.una();
        if (una != sender.max()) {
            return; // something is outstanding: the retransmission timer is in charge
        }
        if (sender.wnd() - sender.unacknowledgedSent() > 0) {
            sender.sendOne(true, sender.sendWindow() - sender.unacknowledgedSent());
        } else {
            long userTimeout = context.userTimeoutNanos();
            if (userTimeout > 0
                    ? unansweredProbes > 0 && context.now() - unansweredSince >= userTimeout
                    : unansweredProbes >= config.maxRetries()) {
                context.timedOut();
                return;
            }
            context.emit(una - 1, ACK, null);
            if (unansweredProbes++ == 0) {
                unansweredSince = context.now();
            }
        }
        probes++;
        if (sender.blockedByWindow()) {
            arm();
        }
    }
}
