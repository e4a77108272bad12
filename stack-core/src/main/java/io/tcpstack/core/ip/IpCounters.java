package io.tcpstack.core.ip;

import io.tcpstack.link.LoopCounters;

/**
 * IPv4 counters, named after RFC 4293's ipSystemStatsTable where the meaning matches, plus
 * our own names for drops RFC 4293 has no exact object for. Every inbound datagram is counted
 * in InReceives and then in exactly one of the other In counters. Threading: see
 * {@link LoopCounters}.
 */
public final class IpCounters extends LoopCounters<IpCounters.Counter> {
    public enum Counter implements LoopCounters.Named {
        /** Every datagram received from the link, including those in error (RFC 4293 ipSystemStatsInReceives). */
        IN_RECEIVES,
        /** Discarded for a header error: wrong version, IHL below 5, total length below the header length, bad header checksum (ipSystemStatsInHdrErrors). */
        IN_HDR_ERRORS,
        /** Discarded because the frame carried fewer bytes than the header or total length says (ipSystemStatsInTruncatedPkts). */
        IN_TRUNCATED_PKTS,
        /** Discarded because the destination is not the stack's address; this host does not forward (ipSystemStatsInAddrErrors). */
        IN_ADDR_ERRORS,
        /**
         * Our name: discarded because the source cannot be a peer: broadcast, multicast, class E
         * or loopback (RFC 1122 §3.2.1.3), or the stack's own address arriving from the link.
         */
        BAD_SOURCE_DROPPED,
        /** Our name: fragments (MF set or offset non-zero), discarded because reassembly is not implemented. */
        FRAGMENTS_DROPPED,
        /** Our name: datagrams with IP options (IHL above 5), discarded because options are not processed. */
        OPTIONS_DROPPED,
        /** Valid datagrams for a protocol with no handler (ipSystemStatsInUnknownProtos). */
        IN_UNKNOWN_PROTOS,
        /** Valid datagrams discarded for a local reason: the protocol handler failed on them (ipSystemStatsInDiscards). */
        IN_DISCARDS,
        /** Datagrams handed to a protocol (ipSystemStatsInDelivers). */
        IN_DELIVERS,
        /** Segments protocols asked IPv4 to send (ipSystemStatsOutRequests). */
        OUT_REQUESTS,
        /** Of those, discarded instead of sent: larger than the MTU with DF set (ipSystemStatsOutDiscards). */
        OUT_DISCARDS,
        /**
         * Of those, discarded because no route leads there: a 127.0.0.0/8 destination other than
         * the stack's own address, which must never reach the link (RFC 1122 §3.2.1.3 (g);
         * ipSystemStatsOutNoRoutes).
         */
        OUT_NO_ROUTES,
        /**
         * Our name: of those, addressed to the stack's own address and so delivered back into the
         * stack without the link, as the kernel's {@code lo} does; they are counted again as
         * received (InReceives and the rest) when the loopback delivers them.
         */
        OUT_LOOPBACK
    }

    public IpCounters() {
        super(Counter.class);
    }
}
