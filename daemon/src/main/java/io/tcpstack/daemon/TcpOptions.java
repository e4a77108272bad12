package io.tcpstack.daemon;

import io.tcpstack.core.tcp.CongestionAlgorithm;
import io.tcpstack.core.tcp.Keepalive;
import io.tcpstack.core.tcp.SynCookieMode;
import io.tcpstack.core.tcp.TcpConfig;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The TCP tunables of {@code tcpstack run}, each an option, turned into one {@link TcpConfig}. */
final class TcpOptions {
    @Option(names = "--msl", paramLabel = "DURATION", defaultValue = "30s", converter = Converters.DurationConverter.class,
            description = "Maximum segment lifetime; TIME_WAIT lasts twice this (default: ${DEFAULT-VALUE}, like Linux's 60 s TIME_WAIT).")
    Duration msl;

    @Option(names = "--congestion-control", paramLabel = "NAME", defaultValue = "cubic",
            converter = Converters.CongestionConverter.class,
            description = "Congestion control of every connection: cubic (RFC 9438), new-reno (RFC 5681, RFC 6582)"
                    + " or none (the peer's window alone; for experiments) (default: ${DEFAULT-VALUE}).")
    CongestionAlgorithm congestionControl;

    @Option(names = "--syn-cookies", paramLabel = "MODE", defaultValue = "auto", converter = Converters.SynCookieConverter.class,
            description = "SYN cookies (RFC 4987 \u00a73.6): auto answers with them once a listener's SYN queue is full,"
                    + " always answers every SYN with one, never drops SYNs beyond the queue (default: ${DEFAULT-VALUE}).")
    SynCookieMode synCookies;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "4194304",
            converter = Converters.PositiveIntConverter.class,
            description = "Most connections at once, in any state; a connection request beyond it is refused with RST"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--keepalive", paramLabel = "IDLE,INTERVAL,COUNT", defaultValue = "off",
            converter = Converters.KeepaliveConverter.class,
            description = "Keep-alive (RFC 9293 \u00a73.8.4) of every connection: probe a peer silent for IDLE, every INTERVAL,"
                    + " and reset it after COUNT unanswered probes (e.g. 60s,10s,5); on is Linux's 7200s,75s,9"
                    + " (default: ${DEFAULT-VALUE}).")
    Keepalive keepalive;

    @Option(names = "--user-timeout", paramLabel = "DURATION", defaultValue = "0s", converter = Converters.DurationConverter.class,
            description = "Abort a connection whose sent data, zero-window or keep-alive probes stay unanswered this long"
                    + " (RFC 5482, like TCP_USER_TIMEOUT); 0s leaves it to the retry counts (default: ${DEFAULT-VALUE}).")
    Duration userTimeout;

    @Option(names = "--challenge-ack-limit", paramLabel = "N", defaultValue = "1000",
            converter = Converters.PositiveIntConverter.class,
            description = "Challenge ACKs per second for the whole stack (RFC 5961 \u00a77), each second's budget drawn"
                    + " from N/2..3N/2 as Linux does (default: ${DEFAULT-VALUE}).")
    int challengeAckLimit;

    @Option(names = "--rst-limit", paramLabel = "N", defaultValue = "1000", converter = Converters.PositiveIntConverter.class,
            description = "RSTs per second answering segments to closed ports or unknown connections; the rest are"
                    + " counted as OutRstsSuppressed (default: ${DEFAULT-VALUE}).")
    int resetLimit;

    @Option(names = "--memory-limit", paramLabel = "SIZE", converter = Converters.SizeConverter.class,
            description = "Most bytes all connections' send and receive buffers hold together (like Linux's tcp_mem):"
                    + " past two thirds of it out-of-order data is dropped and windows stop opening, at the limit"
                    + " buffers take only 16 KiB each and new connections are refused with RST; e.g. 512m"
                    + " (default: half the JVM's maximum heap, which is also its default direct memory limit).")
    Long memoryLimit;

    /** The config these options describe, on top of the stack's defaults. */
    TcpConfig config() {
        TcpConfig.Builder b = TcpConfig.builder()
                .msl(msl)
                .congestionControl(congestionControl)
                .synCookies(synCookies)
                .maxConnections(maxConnections)
                .keepalive(keepalive)
                .userTimeout(userTimeout)
                .challengeAckLimit(challengeAckLimit)
                .resetLimit(resetLimit)
                .memoryLimit(memoryLimit != null ? memoryLimit : Runtime.getRuntime().maxMemory() / 2);
        return b.build();
    }
}
