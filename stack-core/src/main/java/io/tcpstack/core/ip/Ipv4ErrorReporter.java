package io.tcpstack.core.ip;

import io.netty.buffer.ByteBuf;

/**
 * Implemented by the ICMP protocol: the IPv4 layer reports datagrams it could not deliver so
 * that ICMP can tell the sender (RFC 1122 §3.2.2.1), applying its own rules on when not to
 * (never about an ICMP error, never to a non-unicast source) and its rate limit.
 */
public interface Ipv4ErrorReporter {
    /**
     * A valid datagram for the stack's address carried a protocol with no handler.
     *
     * @param packet the whole datagram, {@code readerIndex} at the IPv4 header; not owned by
     *               the callee (copy what is quoted)
     */
    void protocolUnreachable(ByteBuf packet, int headerLength, int source);

    /**
     * The protocols registered with the IPv4 layer, by number (null for none): the reporter also
     * receives ICMP errors, and hands each to the protocol whose datagram it quotes
     * ({@link Ipv4Protocol#errorArrives}).
     */
    void deliverErrorsTo(java.util.function.IntFunction<Ipv4Protocol> protocols);
}
