package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.tcpstack.core.ip.Ipv4Output;
import io.tcpstack.core.wire.Checksum;
import io.tcpstack.core.time.VirtualTimerScheduler;
import io.tcpstack.core.wire.TcpHeader;
import io.tcpstack.core.wire.TcpOptions;
import io.tcpstack.core.wire.TcpRepr;
import io.tcpstack.link.LinkOffloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A packetdrill-like script runner for one {@link TcpLayer} in virtual time: the test plays the
 * peer, injecting segments ("inject SYN seq=1000") and taking what the stack sent ("expect
 * SYN|ACK ack=1001"). Every buffer comes from one unpooled allocator whose live bytes are checked
 * by {@link #assertNoLeaks()}; Netty's leak detector runs PARANOID as well.
 */
final class TcpHarness {
    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    static final int US = 0x0A000002;   // 10.0.0.2
    static final int PEER = 0x0A000001; // 10.0.0.1
    static final int PEER_PORT = 41522;
    static final int MTU = 1500;

    final VirtualTimerScheduler timers = new VirtualTimerScheduler();
    final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    final ArrayDeque<Out> sent = new ArrayDeque<>();
    /** Per segment handed over for the link to finish (offloads only): its TSO segment size, 0 for none. */
    final ArrayDeque<Integer> segmentSizes = new ArrayDeque<>();
    final List<TcpTransition> transitions = new ArrayList<>();
    /** Adds every transition to {@link #transitions}; remove it from the layer to stop recording. */
    final TcpTransitionListener recorder = transitions::add;
    final TcpLayer layer;
    /** The ISN the stack picks next. */
    int isn = 5000;
    int flushes;

    TcpHarness() {
        this(TcpConfig.DEFAULTS);
    }

    TcpHarness(TcpConfig config) {
        this(config, LinkOffloads.NONE);
    }

    /** A harness whose link offers {@code offloads}: it completes offloaded checksums as a link would. */
    TcpHarness(TcpConfig config, LinkOffloads offloads) {
        this(config, offloads, null);
    }

    /** A harness whose layer shares {@code limits} with other harnesses' layers, as queues do (null: its own). */
    TcpHarness(TcpConfig config, SharedLimits limits) {
        this(config, LinkOffloads.NONE, limits);
    }

    private TcpHarness(TcpConfig config, LinkOffloads offloads, SharedLimits limits) {
        layer = new TcpLayer(new Ipv4Output() {
            @Override public ByteBufAllocator alloc() { return alloc; }
            @Override public int localAddress() { return US; }
            @Override public int mtu() { return MTU; }
            @Override public void send(int protocol, int destination, ByteBuf segment) {
                assertThat(protocol).isEqualTo(6);
                assertThat(destination).isEqualTo(PEER);
                assertThat(segment.readerIndex()).isGreaterThanOrEqualTo(Ipv4Output.HEADROOM);
                try {
                    sent.add(Out.parse(segment));
                } finally {
                    segment.release();
                }
            }
            @Override public LinkOffloads offloads() { return offloads; }
            @Override public void sendOffloaded(int protocol, int destination, ByteBuf segment, int transportHeaderLength,
                                                int checksumOffset, int segmentSize) {
                int at = segment.readerIndex();
                int length = segment.readableBytes();
                assertThat(checksumOffset).isEqualTo(TcpHeader.CHECKSUM_OFFSET);
                assertThat(TcpHeader.checksum(segment, at)).as("pseudo-header sum left for the link")
                        .isEqualTo(Checksum.pseudoHeader(US, PEER, 6, length));
                TcpHeader.fillChecksum(segment, at, length, US, PEER);
                segmentSizes.add(segmentSize);
                send(protocol, destination, segment);
            }
            @Override public void flush() { flushes++; }
        }, timers, config, Runnable::run, (la, lp, ra, rp) -> isn,
                limits != null ? limits : new SharedLimits(config, timers.clock(), 1));
        layer.addTransitionListener(recorder);
    }

    // ------------------------------------------------------------ segments

    /** A segment the stack sent, with its checksum already verified. */
    record Out(int sourcePort, int destinationPort, int seq, int ack, int flags, int window, int mss, byte[] data,
               TcpRepr.Options options) {
        static Out parse(ByteBuf segment) {
            int i = segment.readerIndex();
            int len = segment.readableBytes();
            assertThat(TcpHeader.verifyChecksum(segment, i, len, US, PEER)).as("checksum").isTrue();
            TcpRepr r = TcpRepr.parse(segment, i, len);
            byte[] data = new byte[len - r.headerLength()];
            segment.getBytes(i + r.headerLength(), data);
            return new Out(r.sourcePort(), r.destinationPort(), r.seq(), r.ack(), r.flags(), r.window(),
                    r.options().mss(), data, r.options());
        }

        /** The SACK blocks as "left-right" strings, in the order sent. */
        List<String> sacks() {
            return options.sackBlocks().stream()
                    .map(b -> Integer.toUnsignedString(b.left()) + "-" + Integer.toUnsignedString(b.right())).toList();
        }

        String text() {
            return new String(data, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return TcpHeader.flagsToString(flags) + " seq=" + Integer.toUnsignedString(seq) + " ack="
                    + Integer.toUnsignedString(ack) + " win=" + window + " len=" + data.length + (mss >= 0 ? " mss=" + mss : "");
        }
    }

    /** A segment the test injects as the peer (builder style). */
    static final class In {
        int sourcePort = PEER_PORT;
        int destinationPort = 80;
        int flags;
        int seq;
        int ack;
        int window = 65535;
        int mss = -1;
        final TcpOptions options = new TcpOptions();
        byte[] data = new byte[0];

        In(int flags) {
            this.flags = flags;
        }

        In seq(int v) { seq = v; return this; }
        In ack(int v) { ack = v; flags |= TcpHeader.ACK; return this; }
        In win(int v) { window = v; return this; }
        In mss(int v) { mss = v; return this; }
        In ws(int shift) { options.windowScale(shift); return this; }
        In sackPermitted() { options.sackPermitted(true); return this; }
        In ts(int val, int ecr) { options.timestamps(val, ecr); return this; }
        In sack(int left, int right) { options.addSackBlock(left, right); return this; }
        In from(int port) { sourcePort = port; return this; }
        In to(int port) { destinationPort = port; return this; }
        In data(String s) { data = s.getBytes(StandardCharsets.ISO_8859_1); return this; }
        In data(byte[] d) { data = d; return this; }
    }

    static In seg(int flags) {
        return new In(flags);
    }

    /** Builds the IPv4 packet around {@code in} (correct checksum) and hands it to the layer. */
    void inject(In in) {
        ByteBuf p = packet(in);
        try {
            layer.receive(p, 20, PEER, US, false);
        } finally {
            p.release();
        }
    }

    ByteBuf packet(In in) {
        ByteBuf p = alloc.buffer();
        p.writeZero(20); // the IPv4 header is not read by TCP
        TcpOptions options = new TcpOptions().copyFrom(in.options).mss(in.mss);
        TcpHeader.write(p, in.sourcePort, in.destinationPort, in.seq, in.ack, in.flags, in.window, 0, options);
        p.writeBytes(in.data);
        TcpHeader.fillChecksum(p, 20, p.writerIndex() - 20, PEER, US);
        return p;
    }

    /** Takes the next segment sent and checks its control bits exactly. */
    Out expect(int flags) {
        assertThat(sent).as("a segment was sent").isNotEmpty();
        Out o = sent.poll();
        assertThat(TcpHeader.flagsToString(o.flags)).as("flags of " + o).isEqualTo(TcpHeader.flagsToString(flags));
        return o;
    }

    void expectNothing() {
        assertThat(sent).as("segments sent").isEmpty();
    }

    void advance(Duration d) {
        timers.advance(d.toNanos());
    }

    long nowMillis() {
        return timers.clock().nanos() / 1_000_000;
    }

    List<String> transitionLines() {
        return transitions.stream().map(TcpTransition::describe).toList();
    }

    void assertNoLeaks() {
        assertThat(alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory()).as("live buffer bytes").isZero();
    }

    // ------------------------------------------------------------ scripted openings

    /** Passive open on port 80, peer ISN {@code peerIsn}; returns the accepted endpoint (ESTABLISHED). */
    TcpEndpoint acceptOne(int peerIsn, Events events) {
        List<TcpEndpoint> accepted = new ArrayList<>();
        layer.listen(80, 16, accepted::add);
        inject(seg(TcpHeader.SYN).seq(peerIsn).mss(1460));
        Out synAck = expect(TcpHeader.SYN | TcpHeader.ACK);
        assertThat(synAck.ack()).isEqualTo(peerIsn + 1);
        inject(seg(0).seq(peerIsn + 1).ack(isn + 1));
        assertThat(accepted).hasSize(1);
        TcpEndpoint e = accepted.get(0);
        e.setEvents(events);
        expectNothing();
        return e;
    }

    /** Active open to PEER:80 answered by SYN|ACK with ISN {@code peerIsn}; returns the endpoint (ESTABLISHED). */
    TcpEndpoint connectOne(int peerIsn, Events events) {
        TcpEndpoint e = layer.connect(TcpLayer.socketAddress(PEER, 80), events);
        Out syn = expect(TcpHeader.SYN);
        inject(seg(TcpHeader.SYN).from(80).to(syn.sourcePort()).seq(peerIsn).ack(isn + 1).mss(1460));
        expect(TcpHeader.ACK);
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
        return e;
    }

    /** Records upcalls. */
    static final class Events implements TcpEndpointEvents {
        int established;
        int readable;
        int writable;
        int closed;
        IOException error;

        @Override public void onEstablished(TcpEndpoint e) { established++; }
        @Override public void onReadable(TcpEndpoint e) { readable++; }
        @Override public void onWritable(TcpEndpoint e) { writable++; }
        @Override public void onClosed(TcpEndpoint e, IOException err) {
            closed++;
            error = err;
        }
    }

    String read(TcpEndpoint e) {
        ByteBuf b = alloc.buffer();
        try {
            e.read(b, Integer.MAX_VALUE);
            return b.toString(StandardCharsets.ISO_8859_1);
        } finally {
            b.release();
        }
    }

    int write(TcpEndpoint e, String s) {
        ByteBuf b = alloc.buffer().writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        try {
            return e.write(b);
        } finally {
            b.release();
        }
    }
}
