package io.tcpstack.core.ip;

import io.netty.buffer.ByteBuf;
import io.tcpstack.link.ValidatedPacket;

/**
 * A protocol above IPv4 (ICMP, TCP) that receives validated packets for the stack's address.
 */
public interface Ipv4Protocol {
    /** IANA protocol number (1 = ICMP, 6 = TCP). */
    int protocolNumber();

    /**
     * Called on the stack thread for every valid packet of this protocol.
     *
     * @param packet the whole IPv4 packet: {@code readerIndex} at the IPv4 header,
     *               {@code writerIndex} at the end of the IPv4 total length (link padding trimmed).
     *               The callee does not own it: it must {@code retain()} any slice it keeps.
     * @param headerLength IPv4 header length in bytes (20 unless options were present)
     * @param source source address, host byte order
     * @param destination destination address (the stack's own), host byte order
     * @param checksumVerified the packet came as a {@link ValidatedPacket}: the link vouches for
     *               the transport checksum, which may hold only the pseudo-header sum, and the
     *               packet may be longer than the MTU (a super-segment). False for a plain packet,
     *               whose checksum the protocol checks. A protocol without a checksum shortcut
     *               (ICMP) checks either way.
     */
    void receive(ByteBuf packet, int headerLength, int source, int destination, boolean checksumVerified);

    /**
     * An ICMP error (destination unreachable, time exceeded, parameter problem) arrived about a
     * datagram of this protocol that the stack sent (RFC 1122 §3.2.2, RFC 5927).
     *
     * @param quoted the datagram as the error quotes it: {@code readerIndex} at its IPv4 header,
     *               at least that header and 8 bytes of its payload readable; not owned by the callee
     * @param quotedHeaderLength the quoted IPv4 header's length
     * @param nextHopMtu for "fragmentation needed" (type 3 code 4), the MTU the router named (RFC 1191); else 0
     */
    default void errorArrives(int type, int code, ByteBuf quoted, int quotedHeaderLength, int nextHopMtu) {
    }

    /**
     * A link that reads packets in batches brackets each one: {@code batchBegins} before the
     * first {@code receive} of the batch, {@link #batchEnds} after the last. In between a protocol
     * may hold back work that pays to do once per batch, and does it in {@code batchEnds}.
     * Packets received outside a bracket are handled in full at once.
     */
    default void batchBegins() {
    }

    /** The read batch {@link #batchBegins} opened is over: do what was held back. */
    default void batchEnds() {
    }
}
