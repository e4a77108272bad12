package io.tcpstack.core.ip;

import io.netty.buffer.ByteBuf;

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
     */
    void receive(ByteBuf packet, int headerLength, int source, int destination);
}
