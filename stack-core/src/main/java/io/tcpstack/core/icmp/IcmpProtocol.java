package io.tcpstack.core.icmp;

import io.netty.buffer.ByteBuf;
import io.tcpstack.core.icmp.IcmpCounters.Counter;
import io.tcpstack.core.ip.Ipv4ErrorReporter;
import io.tcpstack.core.ip.Ipv4Output;
import io.tcpstack.core.ip.Ipv4Protocol;
import io.tcpstack.core.time.Clock;
import io.tcpstack.core.time.RateLimiter;
import io.tcpstack.core.wire.IcmpHeader;
import io.tcpstack.core.wire.Ipv4Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICMP for a host (RFC 792, RFC 1122 §3.2.2): answers echo requests, reports unknown protocols
 * as destination unreachable, counts and ignores everything else.
 */
public final class IcmpProtocol implements Ipv4Protocol, Ipv4ErrorReporter {
    private static final Logger log = LoggerFactory.getLogger(IcmpProtocol.class);

    /** Default error rate: Linux's icmp_msgs_per_sec and icmp_msgs_burst. */
    public static final int DEFAULT_ERRORS_PER_SECOND = 1000;
    public static final int DEFAULT_ERROR_BURST = 50;

    /**
     * Bytes of the offending datagram an error quotes beyond its IP header: RFC 792 asks for
     * 64 bits; RFC 1812 §4.3.2.3 allows up to 576 bytes in total and Linux sends that much.
     */
    private static final int MAX_ERROR_LENGTH = 576;

    private final Ipv4Output output;
    private final IcmpCounters counters = new IcmpCounters();
    private final RateLimiter errorLimiter;
    /** The transport protocols, by number, that receive the errors about their datagrams. */
    private java.util.function.IntFunction<Ipv4Protocol> protocols;

    public IcmpProtocol(Ipv4Output output, Clock clock) {
        this(output, clock, DEFAULT_ERRORS_PER_SECOND, DEFAULT_ERROR_BURST);
    }

    public IcmpProtocol(Ipv4Output output, Clock clock, int errorsPerSecond, int errorBurst) {
        this.output = output;
        this.errorLimiter = new RateLimiter(clock, errorsPerSecond, errorBurst);
    }

    public IcmpCounters counters() {
        return counters;
    }

    @Override
    public int protocolNumber() {
        return IcmpHeader.PROTOCOL;
    }

    /** {@inheritDoc} ICMP messages are small: the checksum is checked even when the link vouches for it. */
    @Override
    public void receive(ByteBuf packet, int headerLength, int source, int destination, boolean checksumVerified) {
        counters.increment(Counter.IN_MSGS);
        int at = packet.readerIndex() + headerLength;
        int length = packet.writerIndex() - at;
        if (length < IcmpHeader.LENGTH) {
            drop(source, "shorter than an ICMP header");
            return;
        }
        if (!IcmpHeader.checksumValid(packet, at, length)) {
            drop(source, "bad checksum");
            return;
        }
        int type = IcmpHeader.type(packet, at);
        if (type == IcmpHeader.TYPE_ECHO_REQUEST) {
            counters.increment(Counter.IN_ECHOS);
            echoReply(packet, headerLength, source, length);
        } else if (type == IcmpHeader.TYPE_DESTINATION_UNREACHABLE || type == IcmpHeader.TYPE_TIME_EXCEEDED
                || type == IcmpHeader.TYPE_PARAMETER_PROBLEM) {
            errorArrives(packet, at, length, type, source);
        } else if (log.isTraceEnabled()) {
            log.trace("icmp from {}: type {} code {} ignored", Ipv4Header.addressToString(source), type,
                    IcmpHeader.code(packet, at));
        }
    }

    /**
     * An error about a datagram we sent (RFC 1122 §3.2.2.1-§3.2.2.5): hands it to the protocol the
     * quoted datagram carried, if the quote holds its IPv4 header and 8 bytes beyond (RFC 792) and
     * the datagram was ours. Source quench (RFC 6633) and redirects are ignored.
     */
    private void errorArrives(ByteBuf packet, int at, int length, int type, int source) {
        int quoted = at + IcmpHeader.LENGTH;
        int quotedLength = length - IcmpHeader.LENGTH;
        int quotedHeaderLength = quotedLength >= Ipv4Header.MIN_LENGTH ? Ipv4Header.headerLength(packet, quoted) : 0;
        if (quotedHeaderLength < Ipv4Header.MIN_LENGTH || quotedLength < quotedHeaderLength + 8
                || Ipv4Header.version(packet, quoted) != 4 || Ipv4Header.source(packet, quoted) != output.localAddress()) {
            drop(source, "error quotes no datagram of ours");
            return;
        }
        counters.increment(Counter.IN_ERRORS_DELIVERED);
        Ipv4Protocol protocol = protocols == null ? null : protocols.apply(Ipv4Header.protocol(packet, quoted));
        if (protocol != null) {
            int code = IcmpHeader.code(packet, at);
            int mtu = type == IcmpHeader.TYPE_DESTINATION_UNREACHABLE && code == IcmpHeader.CODE_FRAGMENTATION_NEEDED
                    ? packet.getUnsignedShort(at + 6) : 0;
            ByteBuf quote = packet.slice(quoted, quotedLength);
            protocol.errorArrives(type, code, quote, quotedHeaderLength, mtu);
        }
    }

    @Override
    public void deliverErrorsTo(java.util.function.IntFunction<Ipv4Protocol> protocols) {
        this.protocols = protocols;
    }

    private void drop(int source, String reason) {
        counters.increment(Counter.IN_ERRORS);
        if (log.isDebugEnabled()) {
            log.debug("drop icmp from {} (InErrors): {}", Ipv4Header.addressToString(source), reason);
        }
    }

    /**
     * RFC 792 echo / RFC 1122 §3.2.2.6: the reply carries the request's identifier, sequence
     * number and data. When this layer holds the only reference to the request's buffer, the
     * request is turned into the reply in place (its IPv4 header is the reply's headroom);
     * otherwise the ICMP message is copied once into a new buffer.
     */
    private void echoReply(ByteBuf request, int headerLength, int source, int length) {
        int icmpStart = request.readerIndex() + headerLength;
        ByteBuf reply;
        if (request.refCnt() == 1 && !request.isReadOnly()) {
            reply = request.retain().readerIndex(icmpStart);
        } else {
            reply = output.alloc().buffer(Ipv4Output.HEADROOM + length);
            reply.writerIndex(Ipv4Output.HEADROOM).readerIndex(Ipv4Output.HEADROOM);
            reply.writeBytes(request, icmpStart, length);
        }
        int at = reply.readerIndex();
        IcmpHeader.setType(reply, at, IcmpHeader.TYPE_ECHO_REPLY);
        IcmpHeader.setCode(reply, at, 0);
        IcmpHeader.fillChecksum(reply, at, length);
        counters.increment(Counter.OUT_MSGS);
        counters.increment(Counter.OUT_ECHO_REPS);
        output.send(IcmpHeader.PROTOCOL, source, reply);
    }

    /**
     * RFC 1122 §3.2.2.1: a host should send protocol unreachable. Never about an ICMP error
     * message and never to a source that is not a unicast address (RFC 1122 §3.2.2); rate
     * limited (RFC 1812 §4.3.2.8).
     */
    @Override
    public void protocolUnreachable(ByteBuf packet, int headerLength, int source) {
        int at = packet.readerIndex();
        if (Ipv4Header.protocol(packet, at) == IcmpHeader.PROTOCOL) {
            int icmp = at + headerLength;
            if (packet.writerIndex() - icmp < 1 || IcmpHeader.isError(IcmpHeader.type(packet, icmp))) {
                return;
            }
        }
        if (source == 0) {
            return; // 0.0.0.0 cannot be answered
        }
        if (!errorLimiter.tryAcquire()) {
            counters.increment(Counter.OUT_RATE_LIMITED);
            log.debug("icmp protocol unreachable to {} suppressed by the rate limit",
                    Ipv4Header.addressToString(source));
            return;
        }
        int quoted = Math.min(packet.readableBytes(), MAX_ERROR_LENGTH - Ipv4Header.MIN_LENGTH - IcmpHeader.LENGTH);
        int length = IcmpHeader.LENGTH + quoted;
        ByteBuf error = output.alloc().buffer(Ipv4Output.HEADROOM + length);
        error.writerIndex(Ipv4Output.HEADROOM).readerIndex(Ipv4Output.HEADROOM);
        error.writeByte(IcmpHeader.TYPE_DESTINATION_UNREACHABLE)
                .writeByte(IcmpHeader.CODE_PROTOCOL_UNREACHABLE)
                .writeShort(0)
                .writeInt(0) // unused
                .writeBytes(packet, at, quoted);
        IcmpHeader.fillChecksum(error, Ipv4Output.HEADROOM, length);
        counters.increment(Counter.OUT_MSGS);
        counters.increment(Counter.OUT_DEST_UNREACHS);
        output.send(IcmpHeader.PROTOCOL, source, error);
    }
}
