package io.tcpstack.core.tcp;

import java.time.Duration;

/**
 * Tunables of the TCP layer. {@link #DEFAULTS} follows Linux where RFCs leave room.
 *
 * <p>Buffer policy: both sizes are limits, not allocations: the send buffer takes chunks as the
 * user writes and frees them as they are acknowledged, the receive buffer holds the arriving
 * segments themselves until the user reads them, so an idle or slow connection costs only what it
 * holds. The receive buffer starts at {@code initialReceiveBuffer} (4 MiB: a start as small as
 * Linux's 128 KiB {@code tcp_rmem[1]} costs a quarter of a short bulk transfer's rate here, where
 * the stack's batching, not the path, sets the round trip) and is auto-tuned up to
 * {@code receiveBufferSize} (16 MiB) while the window is what limits the connection; the window
 * scale we offer (9) is chosen for the maximum. 4 MiB fills 1 Gbit/s at 30 ms round trip, 16 MiB
 * 4 Gbit/s. All buffers together are held within {@code memoryLimit}.
 *
 * @param msl maximum segment lifetime; TIME_WAIT lasts 2*MSL (RFC 9293 §3.4.2)
 * @param minRto lower bound of the retransmission timeout (RFC 6298 §2.4 allows less than 1 s)
 * @param maxRto upper bound of the retransmission timeout, also of backed-off timers (RFC 6298 §2.5)
 * @param initialRto RTO before the first RTT sample (RFC 6298 §2.1)
 * @param maxRetries retransmissions of one segment before the connection is aborted (RFC 1122 R2)
 * @param maxSynRetries retransmissions of a SYN or SYN-ACK before the open fails
 * @param delayedAckTimeout how long an ACK may be delayed (RFC 9293 §3.8.6.3: under 0.5 s)
 * @param sendBufferSize bytes of user data the send buffer holds: the most a connection can have in flight
 * @param receiveBufferSize most bytes the receive buffer may grow to hold: the largest window advertised
 *        (with window scaling; 65535 without, RFC 7323 §2), so it bounds throughput at this size per round trip
 * @param initialReceiveBuffer the receive buffer a connection starts with (at most {@code receiveBufferSize})
 * @param maxSynBacklog cap on a listener's SYN queue, whatever backlog the user asks for
 * @param maxAcceptBacklog cap on a listener's accept queue, whatever backlog the user asks for
 * @param nagle whether new connections use Nagle's algorithm (RFC 9293 §3.7.4)
 * @param ephemeralPortLow first local port used by active opens
 * @param ephemeralPortHigh last local port used by active opens
 * @param congestionControl congestion control of new connections (CUBIC by default, as in Linux)
 * @param synCookies when listeners answer SYNs with SYN cookies (RFC 4987 §3.6)
 * @param keepalive keep-alive of new connections (RFC 9293 §3.8.4; off by default, as the RFC requires)
 * @param userTimeout abort a connection whose data stays unacknowledged this long (RFC 5482 /
 *        Linux {@code TCP_USER_TIMEOUT}); {@link Duration#ZERO} leaves it to {@code maxRetries}
 * @param maxConnections most connections (of any state but LISTEN) at once; a SYN or connect beyond it is refused
 * @param memoryLimit most bytes held in all send and receive buffers together (Linux's {@code tcp_mem});
 *        {@link Long#MAX_VALUE} for no global limit
 * @param challengeAckLimit challenge ACKs per second for the whole stack (RFC 5961 §7), jittered as
 *        Linux's {@code tcp_challenge_ack_limit}; 1000 as Linux had it
 * @param resetLimit RSTs per second (and burst) answering segments that match no connection
 *        (RFC 9293 §3.10.7.1), so a flood to closed ports is not answered in full
 * @param steering the queue of a multi-queue link this stack serves: active opens choose ports whose
 *        return traffic the link steers to it ({@link FlowSteering#SINGLE} for one queue)
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
        int initialReceiveBuffer,
        int maxSynBacklog,
        int maxAcceptBacklog,
        boolean nagle,
        int ephemeralPortLow,
        int ephemeralPortHigh,
        CongestionControl.Factory congestionControl,
        SynCookieMode synCookies,
        Keepalive keepalive,
        Duration userTimeout,
        int maxConnections,
        long memoryLimit,
        int challengeAckLimit,
        int resetLimit,
        FlowSteering steering) {

    public static final TcpConfig DEFAULTS = new Builder().build();

    public TcpConfig {
        if (minRto.compareTo(maxRto) > 0 || initialRto.isNegative() || msl.isNegative()) {
            throw new IllegalArgumentException("TCP config: need 0 <= minRto <= maxRto and non-negative MSL");
        }
        if (delayedAckTimeout.compareTo(Duration.ofMillis(500)) >= 0) {
            throw new IllegalArgumentException("TCP config: delayed ACK timeout must be under 500 ms (RFC 9293 §3.8.6.3)");
        }
        if (sendBufferSize <= 0 || receiveBufferSize <= 0 || initialReceiveBuffer <= 0 || maxRetries < 0 || maxSynRetries < 0
                || maxSynBacklog <= 0 || maxAcceptBacklog <= 0) {
            throw new IllegalArgumentException("TCP config: buffer sizes, retries and backlogs must be positive");
        }
        if (ephemeralPortLow < 1 || ephemeralPortHigh > 65535 || ephemeralPortLow > ephemeralPortHigh) {
            throw new IllegalArgumentException("TCP config: ephemeral port range must lie within 1..65535");
        }
        if (congestionControl == null || synCookies == null || keepalive == null || steering == null) {
            throw new IllegalArgumentException("TCP config: congestion control, SYN cookie mode, keepalive and steering must be set");
        }
        if (challengeAckLimit <= 0 || resetLimit <= 0) {
            throw new IllegalArgumentException("TCP config: challenge ACK and RST limits must be positive");
        }
        if (userTimeout.isNegative() || maxConnections <= 0 || memoryLimit <= 0) {
            throw new IllegalArgumentException("TCP config: user timeout must not be negative, connection and memory limits must be positive");
        }
    }

    /** A builder starting from {@link #DEFAULTS}' values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public TcpConfig withMsl(Duration v) {
        return toBuilder().msl(v).build();
    }

    public TcpConfig withRetries(int retries, int synRetries) {
        return toBuilder().retries(retries, synRetries).build();
    }

    public TcpConfig withRto(Duration min, Duration max, Duration initial) {
        return toBuilder().rto(min, max, initial).build();
    }

    public TcpConfig withBuffers(int send, int receive) {
        return toBuilder().buffers(send, receive).build();
    }

    public TcpConfig withBacklogs(int syn, int accept) {
        return toBuilder().backlogs(syn, accept).build();
    }

    public TcpConfig withNagle(boolean v) {
        return toBuilder().nagle(v).build();
    }

    public TcpConfig withCongestionControl(CongestionControl.Factory v) {
        return toBuilder().congestionControl(v).build();
    }

    /** The receive buffer a connection starts with: {@link #initialReceiveBuffer}, within {@link #receiveBufferSize}. */
    int startingReceiveBuffer() {
        return Math.min(initialReceiveBuffer, receiveBufferSize);
    }

    /** 2*MSL in nanoseconds: the TIME_WAIT duration. */
    long timeWaitNanos() {
        return 2 * msl.toNanos();
    }

    /** Builds a {@link TcpConfig}; every value starts at the default and is checked by {@link #build()}. */
    public static final class Builder {
        private Duration msl = Duration.ofSeconds(30);
        private Duration minRto = Duration.ofMillis(200);
        private Duration maxRto = Duration.ofSeconds(60);
        private Duration initialRto = Duration.ofSeconds(1);
        private int maxRetries = 15;
        private int maxSynRetries = 6;
        private Duration delayedAckTimeout = Duration.ofMillis(40);
        private int sendBufferSize = 4 * 1024 * 1024;
        private int receiveBufferSize = 16 * 1024 * 1024;
        private int initialReceiveBuffer = 4 * 1024 * 1024;
        private int maxSynBacklog = 1024;
        private int maxAcceptBacklog = 4096;
        private boolean nagle = true;
        private int ephemeralPortLow = 32768;
        private int ephemeralPortHigh = 60999;
        private CongestionControl.Factory congestionControl = CongestionAlgorithm.CUBIC;
        private SynCookieMode synCookies = SynCookieMode.AUTO;
        private Keepalive keepalive = Keepalive.OFF;
        private Duration userTimeout = Duration.ZERO;
        private int maxConnections = 4 * 1024 * 1024;
        private long memoryLimit = Long.MAX_VALUE;
        private FlowSteering steering = FlowSteering.SINGLE;
        private int challengeAckLimit = 1000;
        private int resetLimit = 1000;

        private Builder() {
        }

        private Builder(TcpConfig c) {
            msl = c.msl;
            minRto = c.minRto;
            maxRto = c.maxRto;
            initialRto = c.initialRto;
            maxRetries = c.maxRetries;
            maxSynRetries = c.maxSynRetries;
            delayedAckTimeout = c.delayedAckTimeout;
            sendBufferSize = c.sendBufferSize;
            receiveBufferSize = c.receiveBufferSize;
            initialReceiveBuffer = c.initialReceiveBuffer;
            maxSynBacklog = c.maxSynBacklog;
            maxAcceptBacklog = c.maxAcceptBacklog;
            nagle = c.nagle;
            ephemeralPortLow = c.ephemeralPortLow;
            ephemeralPortHigh = c.ephemeralPortHigh;
            congestionControl = c.congestionControl;
            synCookies = c.synCookies;
            keepalive = c.keepalive;
            userTimeout = c.userTimeout;
            maxConnections = c.maxConnections;
            memoryLimit = c.memoryLimit;
            steering = c.steering;
            challengeAckLimit = c.challengeAckLimit;
            resetLimit = c.resetLimit;
        }

        public Builder msl(Duration v) {
            msl = v;
            return this;
        }

        public Builder rto(Duration min, Duration max, Duration initial) {
            minRto = min;
            maxRto = max;
            initialRto = initial;
            return this;
        }

        public Builder retries(int retries, int synRetries) {
            maxRetries = retries;
            maxSynRetries = synRetries;
            return this;
        }

        public Builder delayedAckTimeout(Duration v) {
            delayedAckTimeout = v;
            return this;
        }

        public Builder buffers(int send, int receive) {
            sendBufferSize = send;
            receiveBufferSize = receive;
            return this;
        }

        /** The receive buffer a connection starts with; auto-tuning grows it up to the receive buffer size. */
        public Builder initialReceiveBuffer(int v) {
            initialReceiveBuffer = v;
            return this;
        }

        public Builder backlogs(int syn, int accept) {
            maxSynBacklog = syn;
            maxAcceptBacklog = accept;
            return this;
        }

        public Builder nagle(boolean v) {
            nagle = v;
            return this;
        }

        public Builder ephemeralPorts(int low, int high) {
            ephemeralPortLow = low;
            ephemeralPortHigh = high;
            return this;
        }

        public Builder congestionControl(CongestionControl.Factory v) {
            congestionControl = v;
            return this;
        }

        public Builder synCookies(SynCookieMode v) {
            synCookies = v;
            return this;
        }

        public Builder keepalive(Keepalive v) {
            keepalive = v;
            return this;
        }

        public Builder userTimeout(Duration v) {
            userTimeout = v;
            return this;
        }

        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        public Builder challengeAckLimit(int v) {
            challengeAckLimit = v;
            return this;
        }

        public Builder resetLimit(int v) {
            resetLimit = v;
            return this;
        }

        public Builder memoryLimit(long v) {
            memoryLimit = v;
            return this;
        }

        public Builder steering(FlowSteering v) {
            steering = v;
            return this;
        }

        /** The config, or an {@link IllegalArgumentException} naming what is inconsistent. */
        public TcpConfig build() {
            return new TcpConfig(msl, minRto, maxRto, initialRto, maxRetries, maxSynRetries, delayedAckTimeout,
                    sendBufferSize, receiveBufferSize, initialReceiveBuffer, maxSynBacklog, maxAcceptBacklog, nagle, ephemeralPortLow,
                    ephemeralPortHigh, congestionControl, synCookies, keepalive, userTimeout, maxConnections,
                    memoryLimit, challengeAckLimit, resetLimit, steering);
        }
    }
}
