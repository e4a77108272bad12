package io.tcpstack.core.icmp;

import io.tcpstack.link.LoopCounters;

/**
 * ICMP counters, named after RFC 4293's icmpStatsTable and icmpMsgStatsTable (and RFC 2011's
 * per-type objects), plus our own name for errors the rate limit suppressed. Threading: see
 * {@link LoopCounters}.
 */
public final class IcmpCounters extends LoopCounters<IcmpCounters.Counter> {
    public enum Counter implements LoopCounters.Named {
        /** Every ICMP message received, InErrors included (icmpStatsInMsgs). */
        IN_MSGS,
        /** Received messages with an ICMP-specific error: bad checksum, shorter than 8 bytes (icmpStatsInErrors). */
        IN_ERRORS,
        /** Echo requests received (RFC 2011 icmpInEchos). */
        IN_ECHOS,
        /** Our name: errors (destination unreachable, time exceeded, parameter problem) quoting a datagram of ours, handed to its protocol. */
        IN_ERRORS_DELIVERED,
        /** Every ICMP message sent (icmpStatsOutMsgs). */
        OUT_MSGS,
        /** Echo replies sent (RFC 2011 icmpOutEchoReps). */
        OUT_ECHO_REPS,
        /** Destination unreachable messages sent (RFC 2011 icmpOutDestUnreachs). */
        OUT_DEST_UNREACHS,
        /** Our name: error messages not sent because of the rate limit (RFC 1812 §4.3.2.8). */
        OUT_RATE_LIMITED
    }

    public IcmpCounters() {
        super(Counter.class);
    }
}
