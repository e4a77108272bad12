package io.tcpstack.core.tcp;

import java.time.Duration;

/**
 * Tunables of the TCP layer. {@link #DEFAULTS} follows Linux where RFCs leave room.
 *
 * <p>Buffer policy: fixed sizes, no auto-tuning. Both sizes are limits, not allocations: the send
 * buffer takes chunks as the user writes and frees them as they are acknowledged, the receive
 * buffer holds the arriving segments themselves until the user reads them, so an idle or slow
 * connection costs only what it holds. The 4 MiB defaults let one connection fill a path of
 * e.g. 1 Gbit/s at 30 ms round trip (bandwidth-delay product 3.75 MB), and make the window scale
 * we offer 7.
 *
 * @param msl maximum segment lifetime; TIME_WAIT lasts 2*MSL (RFC 9293 §3.4.2)
 * @param minRto lower bound of the retransmission timeout (RFC 6298 §2.4 allows less than 1 s)
 * @param maxRto upper bound of the retransmission timeout, also of backed-off timers (RFC 6298 §2.5)
 * @param initialRto RTO before the first RTT sample (RFC 6298 §2.1)
 * @param maxRetries retransmissions of one segment before the connection is aborted (RFC 1122 R2)
 * @param maxSynRetries retransmissions of a SYN or SYN-ACK before the open fails
 * @param delayedAckTimeout how long an ACK may be delayed (RFC 9293 §3.8.6.3: under 0.5 s)
 * @param sendBufferSize bytes of user data the send buffer holds: the most a connection can have in flight
 * @param receiveBufferSize bytes the receive buffer holds: the largest window advertised (with window
 *        scaling; 65535 without, RFC 7323 §2), so it bounds throughput at this size per round trip
 * @param maxSynBacklog cap on a listener's SYN queue, whatever backlog the user asks for
 * @param maxAcceptBacklog cap on a listener's accept queue, whatever backlog the user asks for
 * @param nagle whether new connections use Nagle's algorithm (RFC 9293 §3.7.4)
 * @param ephemeralPortLow first local port used by active opens
 * @param ephemeralPortHigh last local port used by active opens
 * @param congestionControl congestion control of new connections (CUBIC by default, as in Linux)
 */
public record TcpConfig(
        Duration msl,
        Duration minRto,
        Duration maxRto,
        Duration initialRto,
        int maxRetries,
        int maxSynRetries,
        Duration delayedAckTimeout,
        int sendBufferSize,
        int receiveBufferSize,
        int maxSynBacklog,
        int maxAcceptBacklog,
        boolean nagle,
        int ephemeralPortLow,
        int ephemeralPortHigh,
        CongestionControl.Factory congestionControl) {

    public static final TcpConfig DEFAULTS = new TcpConfig(
            Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ofSeconds(1),
            15, 6, Duration.ofMillis(40), 4 * 1024 * 1024, 4 * 1024 * 1024, 1024, 4096, true, 32768, 60999,
            CongestionAlgorithm.CUBIC);

    public TcpConfig {
        if (minRto.compareTo(maxRto) > 0 || initialRto.isNegative() || msl.isNegative()) {
            throw new IllegalArgumentException("TCP config: need 0 <= minRto <= maxRto and non-negative MSL");
        }
        if (delayedAckTimeout.compareTo(Duration.ofMillis(500)) >= 0) {
            throw new IllegalArgumentException("TCP config: delayed ACK timeout must be under 500 ms (RFC 9293 §3.8.6.3)");
        }
        if (sendBufferSize <= 0 || receiveBufferSize <= 0 || maxRetries < 0 || maxSynRetries < 0
                || maxSynBacklog <= 0 || maxAcceptBacklog <= 0) {
            throw new IllegalArgumentException("TCP config: buffer sizes, retries and backlogs must be positive");
        }
        if (ephemeralPortLow < 1 || ephemeralPortHigh > 65535 || ephemeralPortLow > ephemeralPortHigh) {
            throw new IllegalArgumentException("TCP config: ephemeral port range must lie within 1..65535");
        }
        if (congestionControl == null) {
            throw new IllegalArgumentException("TCP config: congestion control must be set");
        }
    }

    public TcpConfig withMsl(Duration v) {
        return new TcpConfig(v, minRto, maxRto, initialRto, maxRetries, maxSynRetries, delayedAckTimeout,
                sendBufferSize, receiveBufferSize, maxSynBacklog, maxAcceptBacklog, nagle, ephemeralPortLow, ephemeralPortHigh,
                congestionControl);
    }

    public TcpConfig withRetries(int retries, int synRetries) {
        return new TcpConfig(msl, minRto, maxRto, initialRto, retries, synRetries, delayedAckTimeout,
                sendBufferSize, receiveBufferSize, maxSynBacklog, maxAcceptBacklog, nagle, ephemeralPortLow, ephemeralPortHigh,
                congestionControl);
    }

    public TcpConfig withRto(Duration min, Duration max, Duration initial) {
        return new TcpConfig(msl, min, max, initial, maxRetries, maxSynRetries, delayedAckTimeout,
                sendBufferSize, receiveBufferSize, maxSynBacklog, maxAcceptBacklog, nagle, ephemeralPortLow, ephemeralPortHigh,
                congestionControl);
    }

    public TcpConfig withBuffers(int send, int receive) {
        return new TcpConfig(msl, minRto, maxRto, initialRto, maxRetries, maxSynRetries, delayedAckTimeout,
                send, receive, maxSynBacklog, maxAcceptBacklog, nagle, ephemeralPortLow, ephemeralPortHigh,
                congestionControl);
    }

    public TcpConfig withBacklogs(int syn, int accept) {
        return new TcpConfig(msl, minRto, maxRto, initialRto, maxRetries, maxSynRetries, delayedAckTimeout,
                sendBufferSize, receiveBufferSize, syn, accept, nagle, ephemeralPortLow, ephemeralPortHigh,
                congestionControl);
    }

    public TcpConfig withNagle(boolean v) {
        return new TcpConfig(msl, minRto, maxRto, initialRto, maxRetries, maxSynRetries, delayedAckTimeout,
                sendBufferSize, receiveBufferSize, maxSynBacklog, maxAcceptBacklog, v, ephemeralPortLow, ephemeralPortHigh,
                congestionControl);
    }

    public TcpConfig withCongestionControl(CongestionControl.Factory v) {
        return new TcpConfig(msl, minRto, maxRto, initialRto, maxRetries, maxSynRetries, delayedAckTimeout,
                sendBufferSize, receiveBufferSize, maxSynBacklog, maxAcceptBacklog, nagle, ephemeralPortLow, ephemeralPortHigh,
                v);
    }

    /** 2*MSL in nanoseconds: the TIME_WAIT duration. */
    long timeWaitNanos() {
        return 2 * msl.toNanos();
    }
}
