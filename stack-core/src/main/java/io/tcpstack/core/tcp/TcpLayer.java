package io.tcpstack.core.tcp;

import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.RST;
import static io.tcpstack.core.wire.TcpHeader.SYN;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.LongObjectHashMap;
import io.tcpstack.core.ip.Ipv4Output;
import io.tcpstack.core.ip.Ipv4Protocol;
import io.tcpstack.core.time.RateLimiter;
import io.tcpstack.core.time.TimerScheduler;
import io.tcpstack.core.wire.Ipv4Header;
import io.tcpstack.core.wire.TcpHeader;
import io.tcpstack.core.wire.TcpOptions;
import io.tcpstack.link.LinkOffloads;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP layer of one stack instance: validates arriving segments (checksum with the IPv4
 * pseudo-header, header and option syntax), demultiplexes them by 4-tuple to a
 * {@link TcpConnection} or to a listener, answers segments for nothing with RST (RFC 9293
 * §3.10.7.1), and builds every outgoing segment (header, options, payload, checksum) into a
 * buffer with {@link Ipv4Output#HEADROOM} for IPv4.
 *
 * <p>Wiring: {@code new TcpLayer(ipv4Output, timers, TcpConfig.DEFAULTS, eventLoop)}, register it
 * with the IPv4 layer as the protocol-6 handler, and hand it to the socket API as its
 * {@link TcpService}. Everything (receive, user calls, timers) runs on {@code eventLoop}; the
 * {@code timers} must fire on that same thread. No locks.
 */
public final class TcpLayer implements Ipv4Protocol, TcpService {
    private static final Logger log = LoggerFactory.getLogger(TcpLayer.class);

    /** Chooses initial sequence numbers (RFC 9293 §3.4.1); {@link IsnGenerator#isn} in production. */
    @FunctionalInterface
    public interface InitialSequenceNumbers {
        int isn(int localAddress, int localPort, int remoteAddress, int remotePort);
    }

    private final Ipv4Output ip;
    private final TimerScheduler timers;
    private final TcpConfig config;
    private final Executor eventLoop;
    private final InitialSequenceNumbers isns;
    private final TcpCounters counters = new TcpCounters();
    /** Every connection with a TCB (not CLOSED), by {@link #key}. */
    private final LongObjectHashMap<TcpConnection> connections = new LongObjectHashMap<>();
    /** Listeners by local port. */
    private final IntObjectHashMap<TcpListener> listeners = new IntObjectHashMap<>();
    private final List<TcpTransitionListener> transitionListeners = new CopyOnWriteArrayList<>();
    /** The one segment descriptor every arriving packet is parsed into. */
    private final Segment arriving = new Segment();
    /** The one descriptor every outgoing segment is built in ({@link #outgoing}, {@link #transmit}). */
    private final OutgoingSegment outgoing = new OutgoingSegment();
    /** Next port to try for an active open, within the configured ephemeral range. */
    private int nextEphemeralPort;
    private long nextConnectionId = 1;
    /** Something was handed to IPv4 since the last flush. */
    private boolean unflushed;
    /** Between {@link #batchBegins} and {@link #batchEnds}: the link is delivering a read batch. */
    private boolean inBatch;
    /** Connections whose ACK for in-order data waits for the end of the read batch; reused, emptied by {@link #batchEnds}. */
    private final ArrayList<TcpStateMachine> acksAtBatchEnd = new ArrayList<>();
    /** Between the start and the end of {@link #receive}: the time the segment arrived, read once per segment. */
    private boolean receiving;
    private long arrivalNanos;
    /** Answers SYNs with cookies and opens connections from them (RFC 4987 §3.6); made at the first flood. */
    private StatelessHandshake statelessHandshake;
    /** The limits of the whole stack, shared with the layers of its other queues. */
    private final SharedLimits limits;
    /** RFC 5961 §7: challenge ACKs per second, for the whole stack. */
    private final ChallengeAckLimiter challengeAcks;
    /** RSTs answering segments that match no connection (§3.10.7.1). */
    private final RateLimiter resets;
    /** The bytes all connections' buffers hold, against {@link TcpConfig#memoryLimit}. */
    private final MemoryBudget memory;
    /** Sees every segment while someone traces, else null; read and written on the event loop only. */
    private SegmentTap tap;

    public TcpLayer(Ipv4Output ip, TimerScheduler timers, TcpConfig config, Executor eventLoop) {
        this(ip, timers, config, eventLoop, new SharedLimits(config, timers.clock(), 1));
    }

    /** @param limits the stack-wide limits this layer shares with the other queues' layers */
    public TcpLayer(Ipv4Output ip, TimerScheduler timers, TcpConfig config, Executor eventLoop, SharedLimits limits) {
        this(ip, timers, config, eventLoop, new IsnGenerator(timers.clock())::isn, limits);
    }

    public TcpLayer(Ipv4Output ip, TimerScheduler timers, TcpConfig config, Executor eventLoop,
                    InitialSequenceNumbers isns) {
        this(ip, timers, config, eventLoop, isns, new SharedLimits(config, timers.clock(), 1));
    }

    TcpLayer(Ipv4Output ip, TimerScheduler timers, TcpConfig config, Executor eventLoop,
             InitialSequenceNumbers isns, SharedLimits limits) {
        this.ip = ip;
        this.timers = timers;
        this.config = config;
        this.eventLoop = eventLoop;
        this.isns = isns;
        int range = config.ephemeralPortHigh() - config.ephemeralPortLow() + 1;
        this.nextEphemeralPort = config.ephemeralPortLow() + (int) (timers.clock().nanos() % range + range) % range;
        this.limits = limits;
        this.challengeAcks = limits.challengeAcks;
        this.resets = limits.resets;
        this.memory = new MemoryBudget(limits.memory, counters);
    }

    // ---------------------------------------------------------------- receive path

    @Override
    public int protocolNumber() {
        return TcpHeader.PROTOCOL;
    }

    @Override
    public void receive(ByteBuf packet, int headerLength, int source, int destination, boolean checksumVerified) {
        counters.increment(TcpCounters.Counter.IN_SEGS);
        int index = packet.readerIndex() + headerLength;
        int length = packet.writerIndex() - index;
        if (length < TcpHeader.MIN_LENGTH) {
            inError(DropReason.MALFORMED_HEADER, source, length);
            return;
        }
        if (!checksumVerified && !TcpHeader.verifyChecksum(packet, index, length, source, destination)) {
            inError(DropReason.BAD_CHECKSUM, source, length);
            return;
        }
        int tcpHeaderLength = TcpHeader.headerLength(packet, index);
        if (tcpHeaderLength < TcpHeader.MIN_LENGTH || tcpHeaderLength > length) {
            inError(DropReason.MALFORMED_HEADER, source, length);
            return;
        }
        Segment seg = arriving;
        if (!seg.options.parse(packet, index + TcpHeader.MIN_LENGTH, tcpHeaderLength - TcpHeader.MIN_LENGTH)) {
            inError(DropReason.MALFORMED_OPTIONS, source, length);
            return;
        }
        int dataLength = length - tcpHeaderLength;
        seg.set(TcpHeader.sourcePort(packet, index), TcpHeader.destinationPort(packet, index),
                TcpHeader.seq(packet, index), TcpHeader.ack(packet, index), TcpHeader.flags(packet, index),
                TcpHeader.window(packet, index),
                dataLength == 0 ? Unpooled.EMPTY_BUFFER : packet.slice(index + tcpHeaderLength, dataLength));
        if (tap != null) {
            tap.segment(true, source, seg.destinationPort, seg.sourcePort, seg.seq, seg.ack, seg.flags, seg.window,
                    dataLength, seg.options);
        }
        arrivalNanos = timers.clock().nanos();
        receiving = true;
        try {
            dispatch(source, seg);
        } finally {
            receiving = false;
            seg.payload = Unpooled.EMPTY_BUFFER; // the packet's bytes are not ours after this call
        }
    }

    /**
     * The link delivers a read batch (a TUN read loop): until {@link #batchEnds}, the ACK that
     * in-order data owes (at least every second full-sized segment, RFC 9293 §3.8.6.3) is held
     * back and sent once for the whole batch, as a receiver fed by GRO acknowledges a coalesced
     * super-packet once (the stretch ACKs of RFC 5681 §4.2, bounded by the batch). Out-of-order
     * data, duplicates, FINs and challenge ACKs are still acknowledged at once.
     */
    @Override
    public void batchBegins() {
        inBatch = true;
        if (statelessHandshake != null) {
            statelessHandshake.batchBegins();
        }
    }

    /** Whether a read batch is under way ({@link #batchBegins}). */
    boolean inBatch() {
        return inBatch;
    }

    @Override
    public void batchEnds() {
        inBatch = false;
        for (int i = 0; i < acksAtBatchEnd.size(); i++) {
            acksAtBatchEnd.get(i).readBatchEnded();
        }
        acksAtBatchEnd.clear();
    }

    /** Holds {@code c}'s ACK for in-order data until the read batch ends; false (send it now) outside a batch. */
    boolean deferAck(TcpStateMachine c) {
        if (!inBatch) {
            return false;
        }
        acksAtBatchEnd.add(c);
        return true;
    }

    /** The stack's clock; while a segment is processed, the time it arrived (one clock read per segment). */
    long now() {
        return receiving ? arrivalNanos : timers.clock().nanos();
    }

    /**
     * Hands a parsed segment to its connection, else its listener, else answers with RST. A
     * connection may hand it back (a SYN that ends TIME-WAIT, RFC 6191): it then goes on as a
     * segment for no connection.
     */
    private void dispatch(int source, Segment seg) {
        TcpConnection c = connections.get(key(source, seg.sourcePort, seg.destinationPort));
        if (c != null && !c.segmentArrives(seg)) {
            return;
        }
        if (!seg.has(SYN) || seg.has(ACK)) {
            counters.increment(TcpCounters.Counter.UNKNOWN_CONNECTION);
        }
        TcpListener l = listeners.get(seg.destinationPort);
        if (l != null) {
            l.segmentArrives(source, seg);
            return;
        }
        drop(null, seg, DropReason.NO_CONNECTION);
        resetForNoConnection(source, seg);
    }

    /**
     * RFC 9293 §3.10.7.1, no TCB: never answer a RST; with ACK send <SEQ=SEG.ACK><CTL=RST>,
     * else <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
     */
    void resetForNoConnection(int source, Segment seg) {
        if (seg.has(RST)) {
            return;
        }
        if (!resets.tryAcquire()) {
            counters.increment(TcpCounters.Counter.OUT_RSTS_SUPPRESSED); // RFC 9293 §3.10.7.1 allows limiting these
            return;
        }
        if (seg.has(ACK)) {
            sendReset(source, seg.destinationPort, seg.sourcePort, seg.ack, 0, RST);
        } else {
            sendReset(source, seg.destinationPort, seg.sourcePort, 0, seg.seq + seg.len(), RST | ACK);
        }
    }

    @Override
    public void errorArrives(int type, int code, ByteBuf quoted, int quotedHeaderLength, int nextHopMtu) {
        int tcp = quoted.readerIndex() + quotedHeaderLength; // our segment: its source port is ours
        TcpConnection c = connections.get(key(Ipv4Header.destination(quoted, quoted.readerIndex()),
                TcpHeader.destinationPort(quoted, tcp), TcpHeader.sourcePort(quoted, tcp)));
        if (c != null) {
            IcmpErrors.arrives(c, type, code, TcpHeader.seq(quoted, tcp));
            flush();
        }
    }

    /** A challenge ACK (RFC 5961 §3.2, §4.2, §5.2) from {@code c}, unless the stack's limit of §7 holds it back. */
    void challengeAck(TcpStateMachine c) {
        if (challengeAcks.tryAcquire()) {
            counters.increment(TcpCounters.Counter.CHALLENGE_ACKS);
            c.sendAck();
        } else {
            counters.increment(TcpCounters.Counter.CHALLENGE_ACKS_SUPPRESSED);
        }
    }

    private void inError(DropReason reason, int source, int length) {
        counters.increment(TcpCounters.Counter.IN_ERRS);
        counters.drop(reason);
        if (log.isTraceEnabled()) {
            log.trace("drop {} from {}: {} bytes", reason, TcpTransition.address(source), length);
        }
    }

    /** One place for every discarded segment: one counter and one trace line per reason. */
    void drop(TcpStateMachine c, Segment seg, DropReason reason) {
        counters.drop(reason);
        if (log.isTraceEnabled()) {
            log.trace("{}: drop {} ({})", c != null ? c : "port " + seg.destinationPort, seg, reason);
        }
    }

    // ---------------------------------------------------------------- send path

    /** A RST (or RST|ACK) with no payload, window 0. */
    void sendReset(int remoteAddress, int localPort, int remotePort, int seq, int ack, int flags) {
        transmit(outgoing(remoteAddress, localPort, remotePort).seq(seq).ack(ack).flags(flags));
    }

    /** The descriptor for the next segment, reset to no options and no payload; fill it and pass it to {@link #transmit}. */
    OutgoingSegment outgoing(int remoteAddress, int localPort, int remotePort) {
        return outgoing.reset(remoteAddress, localPort, remotePort);
    }

    /**
     * Builds the segment {@code out} describes and hands it to IPv4: a fresh header with its
     * options and its payload's readable bytes (not consumed). A super-segment (a payload longer
     * than the segment size on a link with TSO, which cuts it into segments of that size) carries
     * a retained slice of the payload; a payload of one segment is copied behind the header, as
     * one contiguous buffer costs less to build and to write than a gathered one at that size.
     * The checksum is computed here, or left to a link with checksum offload for a segment with
     * data. Queued for the link until {@link #flush}.
     */
    void transmit(OutgoingSegment out) {
        int remoteAddress = out.remoteAddress;
        ByteBuf payload = out.payload;
        int segmentSize = out.segmentSize;
        int dataLength = out.dataLength();
        TcpOptions options = out.options();
        int headerLength = TcpHeader.MIN_LENGTH + options.encodedLength();
        boolean superSegment = dataLength > segmentSize && ip.offloads().tcpSegmentation();
        int copied = superSegment ? 0 : dataLength;
        ByteBuf header = ip.alloc().ioBuffer(Ipv4Output.HEADROOM + headerLength + copied);
        header.setIndex(Ipv4Output.HEADROOM, Ipv4Output.HEADROOM);
        TcpHeader.write(header, out.localPort, out.remotePort, out.seq, out.ack, out.flags, out.window, 0, options);
        if (tap != null) {
            tap.segment(false, remoteAddress, out.localPort, out.remotePort, out.seq, out.ack, out.flags, out.window,
                    dataLength, options);
        }
        out.payload = null; // the descriptor is done with; the caller keeps its reference to the bytes
        counters.increment(TcpCounters.Counter.OUT_SEGS);
        if ((out.flags & RST) != 0) {
            counters.increment(TcpCounters.Counter.OUT_RSTS);
        }
        unflushed = true;
        if (dataLength == 0) {
            TcpHeader.fillChecksum(header, Ipv4Output.HEADROOM, headerLength, ip.localAddress(), remoteAddress);
            ip.send(TcpHeader.PROTOCOL, remoteAddress, header);
            return;
        }
        ByteBuf segment;
        if (superSegment) {
            segment = ip.alloc().compositeDirectBuffer(2)
                    .addComponent(true, header.readerIndex(0)) // the headroom too: IPv4 writes its header there
                    .addComponent(true, payload.retainedSlice())
                    .readerIndex(Ipv4Output.HEADROOM);
        } else {
            // getBytes, not header.writeBytes(payload): the latter asks the read-only payload for an
            // NIO view, a new ByteBuffer per segment (and a merged heap copy when it spans chunks)
            payload.getBytes(payload.readerIndex(), header, header.writerIndex(), dataLength);
            segment = header.writerIndex(header.writerIndex() + dataLength);
        }
        if (!ip.offloads().checksum()) {
            TcpHeader.fillChecksum(header, Ipv4Output.HEADROOM, headerLength, payload, payload.readerIndex(), dataLength,
                    ip.localAddress(), remoteAddress);
            ip.send(TcpHeader.PROTOCOL, remoteAddress, segment);
            return;
        }
        TcpHeader.fillPseudoHeaderChecksum(header, Ipv4Output.HEADROOM, headerLength + dataLength,
                ip.localAddress(), remoteAddress);
        ip.sendOffloaded(TcpHeader.PROTOCOL, remoteAddress, segment, headerLength, TcpHeader.CHECKSUM_OFFSET,
                superSegment ? segmentSize : 0);
    }

    /**
     * Longest payload of one segment the link cuts for us (TSO): what fits a
     * {@link LinkOffloads#MAX_PACKET}-byte IPv4 packet with the longest TCP
     * header; 0 when the link does not segment.
     */
    int tsoPayloadLimit() {
        return ip.offloads().tcpSegmentation()
                ? LinkOffloads.MAX_PACKET - Ipv4Output.HEADROOM - TcpHeader.MAX_LENGTH
                : 0;
    }

    /**
     * A timer of {@code c}'s {@code kind}, tagged with the kind's ordinal: when it fires, the
     * connection handles it and writes what it sent to the link ({@link TcpConnection#fire}).
     */
    TimerScheduler.Timer newTimer(TcpStateMachine c, TcpTimer kind) {
        return timers.newTimer(c, kind.ordinal());
    }

    /** Writes queued segments to the link if any were queued (user calls and timers end with this). */
    void flush() {
        if (unflushed) {
            unflushed = false;
            ip.flush();
        }
    }

    // ---------------------------------------------------------------- OPEN calls (§3.10.1)

    @Override
    public Executor eventLoop() {
        return eventLoop;
    }

    @Override
    public TimerScheduler timers() {
        return timers;
    }

    @Override
    public TcpListenerHandle listen(int port, int backlog, Consumer<TcpEndpoint> onAccept) {
        int local = TcpService.checkPort(port) == 0 ? freeListenPort() : port;
        if (listeners.containsKey(local)) {
            throw new UncheckedIOException(new BindException("Address already in use: port " + local));
        }
        TcpListener l = new TcpListener(this, local, backlog, onAccept);
        listeners.put(local, l);
        return l;
    }

    /** A port of the ephemeral range that no listener and no connection uses, for a listen on port 0. */
    private int freeListenPort() {
        BitSet connectionPorts = new BitSet(0x10000);
        for (TcpConnection c : connections.values()) {
            connectionPorts.set(c.localPort);
        }
        return nextFreePort(connectionPorts::get, "");
    }

    @Override
    public TcpEndpoint connect(InetSocketAddress remote, TcpEndpointEvents events) {
        if (!(remote.getAddress() instanceof Inet4Address a)) {
            throw new IllegalArgumentException("IPv4 address required: " + remote);
        }
        DropReason refused = admission();
        if (refused != null) { // as Linux's connect() without memory for a socket
            throw new UncheckedIOException(new ConnectException(refused == DropReason.CONNECTION_LIMIT
                    ? "connection limit reached: " + config.maxConnections() + " connections (TcpConfig.maxConnections)"
                    : "memory limit reached: buffers hold " + memory.used() + " bytes (TcpConfig.memoryLimit)"));
        }
        int remoteAddress = toInt(a);
        int localPort = ephemeralPort(remoteAddress, remote.getPort());
        TcpConnection c = newConnection(localPort, remoteAddress, remote.getPort(), null);
        c.setEvents(events);
        c.openActive();
        flush();
        return c;
    }

    /**
     * A free local port for a connection to {@code remoteAddress:remotePort}, from the ephemeral
     * range, whose return traffic the link steers to this stack's queue ({@link TcpConfig#steering}).
     */
    private int ephemeralPort(int remoteAddress, int remotePort) {
        FlowSteering steering = config.steering();
        int local = localAddress();
        return nextFreePort(port -> !steering.owns(remoteAddress, remotePort, local, port)
                        || connections.containsKey(key(remoteAddress, remotePort, port)),
                " for " + TcpTransition.address(remoteAddress) + ":" + remotePort);
    }

    /**
     * The next port of the ephemeral range, from where the last choice stopped, that no listener
     * holds and {@code taken} does not exclude.
     *
     * @param purpose what the port is for, appended to the error when the range is exhausted
     */
    private int nextFreePort(IntPredicate taken, String purpose) {
        int low = config.ephemeralPortLow();
        int range = config.ephemeralPortHigh() - low + 1;
        for (int i = 0; i < range; i++) {
            int port = nextEphemeralPort;
            nextEphemeralPort = port == config.ephemeralPortHigh() ? low : port + 1;
            if (!listeners.containsKey(port) && !taken.test(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new BindException("no free local port in "
                + low + ".." + config.ephemeralPortHigh() + purpose));
    }

    TcpConnection newConnection(int localPort, int remoteAddress, int remotePort, TcpListener listener) {
        TcpConnection c = new TcpConnection(this, nextConnectionId++, localPort, remoteAddress, remotePort, listener);
        if (connections.put(key(c.remoteAddress, c.remotePort, c.localPort), c) == null) {
            limits.connectionOpened();
        }
        return c;
    }

    /**
     * Why a new connection would be refused now, or null if it would not: {@link TcpConfig#maxConnections}
     * connections exist, or the buffers of all of them hold {@link TcpConfig#memoryLimit} bytes.
     */
    DropReason admission() {
        if (!limits.connectionRoom()) {
            return DropReason.CONNECTION_LIMIT;
        }
        return memory.exhausted() ? DropReason.MEMORY_LIMIT : null;
    }

    /** The memory budget of every connection's buffers. */
    MemoryBudget memory() {
        return memory;
    }

    /** Bytes held now by the send and receive buffers of this layer's connections. */
    public long bufferedBytes() {
        return memory.held();
    }

    /** The most bytes the buffers of all queues' layers may hold together ({@link TcpConfig#memoryLimit}). */
    public long memoryLimit() {
        return config.memoryLimit();
    }

    StatelessHandshake statelessHandshake() {
        if (statelessHandshake == null) {
            statelessHandshake = new StatelessHandshake(this, new SynCookies());
        }
        return statelessHandshake;
    }

    void remove(TcpStateMachine c) {
        if (connections.remove(key(c.remoteAddress, c.remotePort, c.localPort)) != null) {
            limits.connectionRemoved();
        }
    }

    void removeListener(TcpListener l) {
        listeners.remove(l.port());
    }

    // ---------------------------------------------------------------- observability

    /** Shows every received and sent segment to {@code tap} (null: to none); call on the event loop. */
    public void segmentTap(SegmentTap tap) {
        this.tap = tap;
    }

    public void addTransitionListener(TcpTransitionListener l) {
        transitionListeners.add(l);
    }

    public void removeTransitionListener(TcpTransitionListener l) {
        transitionListeners.remove(l);
    }

    /** Counts the transition (RFC 4022 counters) and tells every transition listener. */
    void transition(TcpStateMachine c, TcpState from, TcpState to, String cause) {
        if (from == TcpState.CLOSED && to == TcpState.SYN_SENT) {
            counters.increment(TcpCounters.Counter.ACTIVE_OPENS);
        } else if (from == TcpState.LISTEN && to == TcpState.SYN_RECEIVED) {
            counters.increment(TcpCounters.Counter.PASSIVE_OPENS);
        } else if ((from == TcpState.SYN_SENT || from == TcpState.SYN_RECEIVED)
                && (to == TcpState.CLOSED || to == TcpState.LISTEN)) {
            counters.increment(TcpCounters.Counter.ATTEMPT_FAILS);
        } else if ((from == TcpState.ESTABLISHED || from == TcpState.CLOSE_WAIT) && to == TcpState.CLOSED) {
            counters.increment(TcpCounters.Counter.ESTAB_RESETS);
        }
        int establishedDelta = (established(to) ? 1 : 0) - (established(from) ? 1 : 0);
        if (establishedDelta != 0) {
            counters.add(TcpCounters.Counter.CURR_ESTAB, establishedDelta);
        }
        if (log.isDebugEnabled() || !transitionListeners.isEmpty()) {
            TcpTransition t = new TcpTransition(c.id, ip.localAddress(), c.localPort, c.remoteAddress, c.remotePort,
                    from, to, cause);
            log.debug("{}", t);
            for (TcpTransitionListener l : transitionListeners) {
                l.onTransition(t);
            }
        }
    }

    private static boolean established(TcpState s) {
        return s == TcpState.ESTABLISHED || s == TcpState.CLOSE_WAIT;
    }

    /** The connection table (like {@code ss -tn}); call on the event loop. */
    public List<ConnectionInfo> connections() {
        return rows(connections.values(), TcpConnection::info, Comparator.comparingLong(ConnectionInfo::connectionId));
    }

    /** The listeners with their queue lengths (like {@code ss -tln}), by port; call on the event loop. */
    public List<ListenerInfo> listeners() {
        return rows(listeners.values(), TcpListener::info, Comparator.comparingInt(ListenerInfo::port));
    }

    /** One row per item, in {@code order}. */
    private static <T, R> List<R> rows(Collection<T> items, Function<T, R> row, Comparator<R> order) {
        List<R> rows = new ArrayList<>(items.size());
        for (T item : items) {
            rows.add(row.apply(item));
        }
        rows.sort(order);
        return rows;
    }

    public TcpCounters counters() {
        return counters;
    }

    // ---------------------------------------------------------------- shared with connections

    /**
     * The demultiplexing key: remote address (32 bits), remote port and local port (16 bits
     * each) in one long. The local address is the stack's only one, so this is the 4-tuple.
     */
    static long key(int remoteAddress, int remotePort, int localPort) {
        return ((long) remoteAddress << 32) | ((long) remotePort << 16) | localPort;
    }

    /** Our MSS (RFC 9293 §3.7.1): interface MTU minus the IPv4 and TCP headers without options. */
    int ourMss() {
        return ip.mtu() - Ipv4Header.MIN_LENGTH - TcpHeader.MIN_LENGTH;
    }

    int isn(int localPort, int remoteAddress, int remotePort) {
        return isns.isn(ip.localAddress(), localPort, remoteAddress, remotePort);
    }

    int localAddress() {
        return ip.localAddress();
    }

    TcpConfig config() {
        return config;
    }


    ByteBufAllocator alloc() {
        return ip.alloc();
    }

    static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    static InetSocketAddress socketAddress(int address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {
                    (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address}), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // four bytes are always a valid IPv4 address
        }
    }
}
