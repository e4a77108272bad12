package io.tcpstack.core.tcp;

import static io.tcpstack.core.wire.TcpHeader.ACK;

import io.tcpstack.core.time.TimerScheduler.Timer;
import java.time.Duration;

/**
 * How one connection notices a peer that went away without a FIN or RST: keep-alive (RFC 9293
 * §3.8.4, RFC 1122 §4.2.3.6) and the user timeout (RFC 9293 §3.10.8, in the sense of RFC 5482
 * and Linux's {@code TCP_USER_TIMEOUT}: how long sent data may stay unacknowledged, which the
 * sender enforces through {@link TcbContext#userTimeoutNanos}). Made only for a connection that
 * turns one of them on; most never do. Loop-confined.
 *
 * <p>Keep-alive: once {@link Keepalive#idle()} has passed since the last segment from the peer,
 * with nothing outstanding (while something is, the retransmission or persist timer watches the
 * peer), a probe {@code <SEQ=SND.UNA-1><ACK=RCV.NXT><CTL=ACK>} without data goes out. Its
 * sequence number lies below the peer's window, so the peer answers it with an ACK (§3.10.7.4,
 * first check); any segment from the peer ends the probing. Unanswered, a probe follows every
 * {@link Keepalive#interval()}; after {@link Keepalive#count()} of them the connection is reset
 * and aborted. With a user timeout the count gives way to it, as in Linux: the connection is
 * aborted at the first probe time once the peer has been silent for the user timeout and at least
 * one probe went unanswered.
 */
final class Liveness {
    private final TcpStateMachine connection;
    private Keepalive keepalive = Keepalive.OFF;
    private long userTimeoutNanos;
    /** When the last segment from the peer arrived (or keep-alive was turned on). */
    private long lastHeard;
    /** Keep-alive probes sent since the peer was last heard. */
    private int probes;
    /** {@link TcpTimer#KEEPALIVE}; made when keep-alive is first turned on. */
    private Timer timer;

    Liveness(TcpStateMachine connection, long now) {
        this.connection = connection;
        this.lastHeard = now;
    }

    /** A segment from the peer arrived: it is alive; the idle time starts again (one field write per segment). */
    void heard(long now) {
        lastHeard = now;
        probes = 0;
    }

    long userTimeoutNanos() {
        return userTimeoutNanos;
    }

    void userTimeout(Duration timeout) {
        userTimeoutNanos = timeout.toNanos();
    }

    /** Turns keep-alive on with {@code settings}, or off with {@link Keepalive#OFF}; the idle time counts from now. */
    void keepalive(Keepalive settings, long now) {
        keepalive = settings;
        heard(now);
        start();
    }

    /** The connection reached a state where keep-alive runs (ESTABLISHED), or keep-alive changed: arm or disarm. */
    void start() {
        if (!keepalive.enabled()) {
            stop();
            return;
        }
        if (timer == null) {
            timer = connection.layer.newTimer(connection, TcpTimer.KEEPALIVE);
        }
        if (runsIn(connection.state)) {
            timer.setDeadline(lastHeard + keepalive.idle().toNanos());
        }
    }

    /** Records the keep-alive timer in a snapshot if it runs. */
    void describe(TcbSnapshot.Builder s) {
        s.timer(TcpTimer.KEEPALIVE, timer);
    }

    /** TIME_WAIT or CLOSED: no more probes. */
    void stop() {
        if (timer != null) {
            timer.cancel();
        }
    }

    /** Keep-alive probes a synchronized connection that is not waiting out TIME_WAIT. */
    private static boolean runsIn(TcpState state) {
        return state.isSynchronized() && state != TcpState.TIME_WAIT;
    }

    /** The keep-alive timer fired: still idle, nothing outstanding, so probe, wait, or give up. */
    void fires(long now) {
        if (!keepalive.enabled() || !runsIn(connection.state)) {
            return;
        }
        long idleEnd = lastHeard + keepalive.idle().toNanos();
        if (probes == 0 && now - idleEnd < 0) {
            timer.setDeadline(idleEnd); // heard from the peer since the timer was set
            return;
        }
        TcpSender snd = connection.snd;
        if (snd.una() != snd.max() || snd.hasUnsent()) {
            probes = 0;
            timer.setDeadline(now + keepalive.idle().toNanos()); // the retransmission or persist timer is in charge
            return;
        }
        boolean expired = userTimeoutNanos > 0
                ? probes > 0 && now - lastHeard >= userTimeoutNanos
                : probes >= keepalive.count();
        if (expired) {
            connection.keepaliveExpired(probes, now - lastHeard);
            return;
        }
        connection.emit(snd.una() - 1, ACK, null, false);
        connection.layer.counters().increment(TcpCounters.Counter.KEEPALIVE_PROBES);
        probes++;
        timer.setDeadline(now + keepalive.interval().toNanos());
    }
}
