package io.tcpstack.core.wire;

import io.netty.buffer.ByteBuf;

/**
 * An IPv4 header as a value, for tests and traces; the data path uses the {@link Ipv4Header}
 * view. {@code fragmentOffset} is in 8-byte units; addresses are host byte order.
 */
public record Ipv4Repr(int version, int headerLength, int dscp, int ecn, int totalLength,
                       int identification, boolean dontFragment, boolean moreFragments,
                       int fragmentOffset, int ttl, int protocol, int headerChecksum,
                       int source, int destination) {

    /**
     * Reads the header at absolute {@code index}.
     *
     * @throws IllegalArgumentException if fewer than 20 bytes are readable from {@code index}
     */
    public static Ipv4Repr parse(ByteBuf buf, int index) {
        if (buf.writerIndex() - index < Ipv4Header.MIN_LENGTH) {
            throw new IllegalArgumentException("IPv4 header shorter than 20 bytes");
        }
        return new Ipv4Repr(Ipv4Header.version(buf, index), Ipv4Header.headerLength(buf, index),
                Ipv4Header.dscp(buf, index), Ipv4Header.ecn(buf, index), Ipv4Header.totalLength(buf, index),
                Ipv4Header.identification(buf, index), Ipv4Header.dontFragment(buf, index),
                Ipv4Header.moreFragments(buf, index), Ipv4Header.fragmentOffset(buf, index),
                Ipv4Header.ttl(buf, index), Ipv4Header.protocol(buf, index),
                Ipv4Header.headerChecksum(buf, index), Ipv4Header.source(buf, index),
                Ipv4Header.destination(buf, index));
    }

    @Override
    public String toString() {
        return Ipv4Header.addressToString(source) + ">" + Ipv4Header.addressToString(destination)
                + " proto=" + protocol + " len=" + totalLength + " hlen=" + headerLength
                + " id=" + identification + (dontFragment ? " DF" : "") + (moreFragments ? " MF" : "")
                + " off=" + fragmentOffset + " ttl=" + ttl;
    }
}
