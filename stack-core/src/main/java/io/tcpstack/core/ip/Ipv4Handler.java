package io.tcpstack.core.ip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import io.tcpstack.core.ip.IpCounters.Counter;
import io.tcpstack.core.wire.Ipv4Header;
import io.tcpstack.link.LinkOffloads;
import io.tcpstack.link.OffloadedPacket;
import io.tcpstack.link.ValidatedPacket;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPv4 layer of a host (not a router) as the bottom handler of the stack's pipeline.
 *
 * <p>Inbound: each message is one raw IPv4 datagram in a {@link ByteBuf} (a TUN with
 * {@code IFF_NO_PI}), or in a {@link ValidatedPacket} when the link vouches for its transport
 * checksum. It is validated (RFC 791 §3.1, RFC 1122 §3.2.1), trimmed to its total
 * length, and handed to the {@link Ipv4Protocol} registered for its protocol number. Every
 * inbound buffer is released here exactly once, after the protocol returns. Every discarded
 * datagram increments exactly one {@link IpCounters} counter and logs one debug line saying why.
 *
 * <p>Outbound: as {@link Ipv4Output} it prepends a 20-byte header in the segment's headroom and
 * writes it towards the link; writes are flushed by {@link #flush()} or, once per batch, when
 * the read batch completes.
 *
 * <p>Loopback: a datagram to the stack's own address never reaches the link; it goes round
 * through {@link Loopback} into the input path, delivered on the loop after the current packet,
 * batch or user call, as the kernel's {@code lo} delivers it. A datagram to any other 127.0.0.0/8
 * address is discarded (RFC 1122 §3.2.1.3 (g): such an address must never appear on a network).
 *
 * <p>Confined to the channel's event loop, like everything in the stack.
 */
public final class Ipv4Handler extends ChannelDuplexHandler implements Ipv4Output, Loopback.Input {
    private static final Logger log = LoggerFactory.getLogger(Ipv4Handler.class);

    private final Ipv4Config config;
    /** What the link below finishes for outbound packets; fixed for the handler's life. */
    private final LinkOffloads offloads;
    private final IpCounters counters = new IpCounters();
    /** Handler for each protocol number 0..255, null where none is registered. */
    private final Ipv4Protocol[] protocols = new Ipv4Protocol[256];
    /** The registered protocols, in registration order: told where read batches begin and end. */
    private Ipv4Protocol[] registered = new Ipv4Protocol[0];
    /** A read batch is being delivered: its first packet arrived and its channelReadComplete has not. */
    private boolean batchOpen;
    /** Told about undeliverable datagrams; null until a protocol implementing it is registered. */
    private Ipv4ErrorReporter errorReporter;
    /** Set once the handler is in a pipeline; the only context writes go to. */
    private ChannelHandlerContext ctx;
    /** Identification of the next datagram sent, 16 bits (RFC 6864: any value is fine with DF set). */
    private int nextIdentification;
    /** True when something was written since the last flush. */
    private boolean flushPending;
    /** Datagrams to the stack's own address, on their way back into {@link #receive}. */
    private final Loopback loopback = new Loopback(this);

    public Ipv4Handler(Ipv4Config config) {
        this(config, LinkOffloads.NONE);
    }

    /** @param offloads what the link finishes for outbound packets ({@link OffloadedPacket}) */
    public Ipv4Handler(Ipv4Config config, LinkOffloads offloads) {
        this.config = config;
        this.offloads = offloads;
    }

    /**
     * Registers the handler of one protocol number. Call before the channel is active. A
     * protocol that also implements {@link Ipv4ErrorReporter} (ICMP) becomes the reporter of
     * undeliverable datagrams.
     *
     * @throws IllegalStateException if the channel is already active or the number is taken
     */
    public void register(Ipv4Protocol protocol) {
        if (ctx != null && ctx.channel().isActive()) {
            throw new IllegalStateException("register protocols before the channel is active");
        }
        int number = protocol.protocolNumber();
        if (protocols[number] != null) {
            throw new IllegalStateException("protocol " + number + " is already registered");
        }
        protocols[number] = protocol;
        registered = Arrays.copyOf(registered, registered.length + 1);
        registered[registered.length - 1] = protocol;
        if (protocol instanceof Ipv4ErrorReporter reporter) {
            errorReporter = reporter;
            reporter.deliverErrorsTo(n -> protocols[n & 0xFF]);
        }
    }

    public IpCounters counters() {
        return counters;
    }

    public Ipv4Config config() {
        return config;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        loopback.discard();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf packet) {
            openBatch();
            try {
                receive(packet, false, false);
            } finally {
                packet.release();
            }
        } else if (msg instanceof ValidatedPacket validated) {
            openBatch();
            try {
                receive(validated.content(), true, false);
            } finally {
                validated.release();
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        closeBatch();
        ctx.fireChannelReadComplete();
    }

    /** The read batch is over: the protocols hear of it, then what they sent goes to the link. */
    private void closeBatch() {
        if (batchOpen) {
            batchOpen = false;
            for (Ipv4Protocol protocol : registered) {
                protocol.batchEnds();
            }
        }
        flush();
    }

    /**
     * The loopback's read batch: datagrams the stack sent itself, received as from a link whose
     * checksums need no check (they never left memory, as Linux's {@code lo} marks them
     * CHECKSUM_UNNECESSARY) and whose loopback source is no martian.
     */
    @Override
    public void deliverLoopback(ArrayDeque<ByteBuf> queue, int max) {
        openBatch();
        ByteBuf datagram;
        for (int i = 0; i < max && (datagram = queue.pollFirst()) != null; i++) {
            try {
                receive(datagram, true, true);
            } finally {
                datagram.release();
            }
        }
        closeBatch();
    }

    /** The link's read batch (ended by channelReadComplete) delivers its first packet: the protocols hear of it first. */
    private void openBatch() {
        if (!batchOpen) {
            batchOpen = true;
            for (Ipv4Protocol protocol : registered) {
                protocol.batchBegins();
            }
        }
    }

    /**
     * @param checksumVerified the link vouches for the transport checksum ({@link ValidatedPacket})
     * @param looped           the datagram comes from {@link Loopback}: its source is this host
     */
    private void receive(ByteBuf packet, boolean checksumVerified, boolean looped) {
        counters.increment(Counter.IN_RECEIVES);
        int at = packet.readerIndex();
        int readable = packet.readableBytes();
        // RFC 1122 §3.2.1.1-3.2.1.2 and RFC 791 §3.1: silently discard malformed datagrams.
        if (readable < Ipv4Header.MIN_LENGTH) {
            drop(Counter.IN_TRUNCATED_PKTS, packet, "shorter than an IPv4 header");
            return;
        }
        if (Ipv4Header.version(packet, at) != 4) {
            drop(Counter.IN_HDR_ERRORS, packet, "version is not 4");
            return;
        }
        int headerLength = Ipv4Header.headerLength(packet, at);
        if (headerLength < Ipv4Header.MIN_LENGTH) {
            drop(Counter.IN_HDR_ERRORS, packet, "IHL below 5");
            return;
        }
        int totalLength = Ipv4Header.totalLength(packet, at);
        if (totalLength < headerLength) {
            drop(Counter.IN_HDR_ERRORS, packet, "total length below header length");
            return;
        }
        if (totalLength > readable) {
            drop(Counter.IN_TRUNCATED_PKTS, packet, "total length beyond the frame");
            return;
        }
        if (!Ipv4Header.checksumValid(packet, at, headerLength)) {
            drop(Counter.IN_HDR_ERRORS, packet, "bad header checksum");
            return;
        }
        packet.writerIndex(at + totalLength); // link padding is not part of the datagram
        int destination = Ipv4Header.destination(packet, at);
        if (destination != config.address()) {
            drop(Counter.IN_ADDR_ERRORS, packet, "not addressed to this host");
            return;
        }
        int source = Ipv4Header.source(packet, at);
        if (!looped && !isUnicastSource(source)) {
            drop(Counter.BAD_SOURCE_DROPPED, packet, "source is not a unicast address");
            return;
        }
        if (!looped && source == destination) {
            drop(Counter.BAD_SOURCE_DROPPED, packet, "source is this host's own address");
            return;
        }
        if (Ipv4Header.isFragment(packet, at)) {
            drop(Counter.FRAGMENTS_DROPPED, packet, "fragment (no reassembly)");
            return;
        }
        if (headerLength > Ipv4Header.MIN_LENGTH) {
            drop(Counter.OPTIONS_DROPPED, packet, "IP options present");
            return;
        }
        int number = Ipv4Header.protocol(packet, at);
        Ipv4Protocol protocol = protocols[number];
        if (protocol == null) {
            drop(Counter.IN_UNKNOWN_PROTOS, packet, "no handler for the protocol");
            if (errorReporter != null) {
                errorReporter.protocolUnreachable(packet, headerLength, source); // RFC 1122 §3.2.2.1
            }
            return;
        }
        deliver(protocol, packet, headerLength, source, destination, checksumVerified);
    }

    private void deliver(Ipv4Protocol protocol, ByteBuf packet, int headerLength, int source, int destination,
                         boolean checksumVerified) {
        int at = packet.readerIndex();
        int end = packet.writerIndex();
        try {
            protocol.receive(packet, headerLength, source, destination, checksumVerified);
            counters.increment(Counter.IN_DELIVERS);
        } catch (RuntimeException e) {
            // A failing protocol must not take the stack down with it: discard and carry on.
            counters.increment(Counter.IN_DISCARDS);
            log.warn("drop {}: protocol {} failed", describe(packet.setIndex(at, end)), protocol.protocolNumber(), e);
        }
    }

    /**
     * RFC 1122 §3.2.1.3: a datagram whose source is a broadcast, multicast, class E or loopback
     * address is discarded. 0.0.0.0 is allowed (a host that does not know its address yet).
     */
    private static boolean isUnicastSource(int source) {
        int firstOctet = source >>> 24;
        return firstOctet != 127 && firstOctet < 224;
    }

    private void drop(Counter counter, ByteBuf packet, String reason) {
        counters.increment(counter);
        if (log.isDebugEnabled()) {
            log.debug("drop {} ({}): {}", describe(packet), counter.mibName(), reason);
        }
    }

    private static String describe(ByteBuf packet) {
        int at = packet.readerIndex();
        if (packet.readableBytes() < Ipv4Header.MIN_LENGTH) {
            return packet.readableBytes() + "-byte frame";
        }
        return Ipv4Header.addressToString(Ipv4Header.source(packet, at)) + ">"
                + Ipv4Header.addressToString(Ipv4Header.destination(packet, at))
                + " proto=" + Ipv4Header.protocol(packet, at) + " len=" + Ipv4Header.totalLength(packet, at);
    }

    @Override
    public ByteBufAllocator alloc() {
        return context().alloc();
    }

    @Override
    public int localAddress() {
        return config.address();
    }

    @Override
    public int mtu() {
        return config.mtu();
    }

    @Override
    public LinkOffloads offloads() {
        return offloads;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Datagrams go out with TTL 64 and DF set (RFC 1191 path MTU discovery); a datagram larger
     * than the MTU is discarded and counted in OutDiscards.
     *
     * @throws IllegalArgumentException if the segment lacks {@link #HEADROOM} (a caller bug)
     */
    @Override
    public void send(int protocol, int destination, ByteBuf segment) {
        ChannelHandlerContext context = context();
        if (prepare(protocol, destination, segment, config.mtu())) {
            write(context, destination, segment);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The link splits a TSO segment and fixes each piece's IPv4 total length, identification
     * and checksum; every piece keeps DF and must fit the MTU, or the whole is discarded
     * (OutDiscards).
     *
     * @throws IllegalStateException if the link offers no such offload (a caller bug)
     */
    @Override
    public void sendOffloaded(int protocol, int destination, ByteBuf segment, int transportHeaderLength,
                              int checksumOffset, int segmentSize) {
        if (!offloads.checksum() || (segmentSize > 0 && !offloads.tcpSegmentation())) {
            segment.release();
            throw new IllegalStateException("the link does not offer " + (segmentSize > 0 ? "TSO" : "checksum offload"));
        }
        ChannelHandlerContext context = context();
        int headerLength = HEADROOM + transportHeaderLength;
        boolean fits = segmentSize == 0 || headerLength + segmentSize <= config.mtu();
        if (prepare(protocol, destination, segment, segmentSize == 0 || !fits ? config.mtu() : LinkOffloads.MAX_PACKET)) {
            if (destination == config.address()) {
                write(context, destination, segment); // lo: the partial checksum is never checked, the size never cut
            } else {
                write(context, destination, new OffloadedPacket(segment, headerLength, HEADROOM, checksumOffset, segmentSize));
            }
        }
    }

    /**
     * Counts the request and writes the IPv4 header into the segment's headroom, moving its
     * readerIndex there; a datagram longer than {@code maxLength} is discarded (OutDiscards).
     *
     * @return false when the segment was discarded (and released)
     */
    private boolean prepare(int protocol, int destination, ByteBuf segment, int maxLength) {
        counters.increment(Counter.OUT_REQUESTS);
        int start = segment.readerIndex() - HEADROOM;
        if (start < 0) {
            segment.release();
            throw new IllegalArgumentException("segment has " + (start + HEADROOM)
                    + " bytes of headroom, IPv4 needs " + HEADROOM);
        }
        int totalLength = HEADROOM + segment.readableBytes();
        if (totalLength > maxLength) {
            counters.increment(Counter.OUT_DISCARDS);
            if (log.isDebugEnabled()) {
                log.debug("drop outbound {}>{} proto={} len={} (OutDiscards): larger than MTU {}",
                        Ipv4Header.addressToString(config.address()), Ipv4Header.addressToString(destination),
                        protocol, totalLength, config.mtu());
            }
            segment.release();
            return false;
        }
        Ipv4Header.write(segment, start, totalLength, nextIdentification, true, Ipv4Header.DEFAULT_TTL,
                protocol, config.address(), destination);
        nextIdentification = (nextIdentification + 1) & 0xFFFF;
        segment.readerIndex(start);
        return true;
    }

    /** Hands the finished datagram to the link, or to the loopback when it is for this host. */
    private void write(ChannelHandlerContext context, int destination, Object packet) {
        if (destination == config.address()) {
            counters.increment(Counter.OUT_LOOPBACK);
            loopback.send((ByteBuf) packet, context.executor());
            return;
        }
        if (destination >>> 24 == 127) {
            counters.increment(Counter.OUT_NO_ROUTES); // RFC 1122 §3.2.1.3 (g): loopback never leaves the host
            if (log.isDebugEnabled()) {
                log.debug("drop outbound to {} (OutNoRoutes): a loopback address other than the stack's own",
                        Ipv4Header.addressToString(destination));
            }
            ReferenceCountUtil.release(packet);
            return;
        }
        context.write(packet, context.voidPromise());
        flushPending = true;
    }

    @Override
    public void flush() {
        if (flushPending) {
            flushPending = false;
            context().flush();
        }
    }

    private ChannelHandlerContext context() {
        if (ctx == null) {
            throw new IllegalStateException("the IPv4 handler is not in a pipeline yet");
        }
        return ctx;
    }
}
