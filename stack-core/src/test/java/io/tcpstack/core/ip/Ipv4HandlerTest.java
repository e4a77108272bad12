package io.tcpstack.core.ip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import io.tcpstack.core.icmp.IcmpProtocol;
import io.tcpstack.core.ip.IpCounters.Counter;
import io.tcpstack.core.wire.IcmpHeader;
import io.tcpstack.core.wire.Ipv4Header;
import io.tcpstack.core.wire.Ipv4Repr;
import io.tcpstack.core.wire.TestPackets;
import io.tcpstack.link.ValidatedPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4HandlerTest {
    private static final int LOCAL = 0x0A000002;   // 10.0.0.2
    private static final int PEER = 0x0A000001;    // 10.0.0.1
    private static final int TCP = 6;
    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    /** Records what it is given; checks that it never owns the buffer. */
    private static final class RecordingProtocol implements Ipv4Protocol {
        final List<String> received = new ArrayList<>();
        /** Per received packet: whether it was delivered as checksum-verified by the link. */
        final List<Boolean> checksumVerified = new ArrayList<>();
        RuntimeException failure;

        @Override
        public int protocolNumber() {
            return TCP;
        }

        @Override
        public void receive(ByteBuf packet, int headerLength, int source, int destination, boolean checksumVerified) {
            assertThat(packet.refCnt()).isEqualTo(1);
            this.checksumVerified.add(checksumVerified);
            received.add(Ipv4Header.addressToString(source) + ">" + Ipv4Header.addressToString(destination)
                    + " hlen=" + headerLength + " " + ByteBufUtil.hexDump(packet, packet.readerIndex() + headerLength,
                    packet.writerIndex() - packet.readerIndex() - headerLength));
            if (failure != null) {
                throw failure;
            }
        }
    }

    private final List<ByteBuf> injected = new ArrayList<>();
    private Ipv4Handler handler;
    private RecordingProtocol tcp;
    private IcmpProtocol icmp;
    private EmbeddedChannel channel;

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @BeforeEach
    void setUp() {
        handler = new Ipv4Handler(new Ipv4Config(LOCAL, 24, 1500));
        tcp = new RecordingProtocol();
        icmp = new IcmpProtocol(handler, () -> 0L, 1, 1);
        handler.register(tcp);
        handler.register(icmp);
        channel = new EmbeddedChannel(handler);
    }

    @AfterEach
    void everyInboundBufferReleasedExactlyOnce() {
        for (ByteBuf b : injected) {
            assertThat(b.refCnt()).as("inbound buffer released").isZero();
        }
        for (Object out; (out = channel.readOutbound()) != null; ) {
            ((ByteBuf) out).release();
        }
        assertThat(channel.finish()).isFalse();
    }

    private void inject(ByteBuf packet) {
        injected.add(packet);
        channel.writeInbound(packet);
    }

    private ByteBuf validPacket() {
        return TestPackets.ipv4(PEER, LOCAL, TCP, PAYLOAD);
    }

    /** Asserts InReceives is 1, {@code only} is 1, and every other In counter is 0. */
    private void assertOnlyCounted(Counter only) {
        IpCounters c = handler.counters();
        assertThat(c.get(Counter.IN_RECEIVES)).isEqualTo(1);
        for (Counter other : EnumSet.range(Counter.IN_HDR_ERRORS, Counter.IN_DELIVERS)) {
            assertThat(c.get(other)).as(other.mibName()).isEqualTo(other == only ? 1 : 0);
        }
    }

    private void assertDropped(Counter counter, Consumer<ByteBuf> breakIt) {
        ByteBuf packet = validPacket();
        breakIt.accept(packet);
        inject(packet);
        assertOnlyCounted(counter);
        assertThat(tcp.received).isEmpty();
    }

    @Test
    void deliversAValidDatagramTrimmedToItsTotalLength() {
        ByteBuf packet = validPacket();
        packet.writeBytes(new byte[] {0, 0, 0, 0, 0, 0}); // link padding
        inject(packet);
        assertThat(tcp.received).containsExactly("10.0.0.1>10.0.0.2 hlen=20 010203040506070809");
        assertOnlyCounted(Counter.IN_DELIVERS);
    }

    @Test
    void aValidatedPacketReachesTheProtocolAsChecksumVerifiedAndAPlainOneAsNot() {
        ByteBuf validated = validPacket();
        inject(validPacket());
        injected.add(validated);
        channel.writeInbound(new ValidatedPacket(validated));
        assertThat(tcp.received).hasSize(2);
        assertThat(tcp.checksumVerified).containsExactly(false, true);
        assertThat(handler.counters().get(Counter.IN_DELIVERS)).isEqualTo(2);
    }

    @Test
    void readerIndexNeedNotBeZero() {
        ByteBuf valid = validPacket();
        ByteBuf shifted = Unpooled.buffer().writeZero(3).writeBytes(valid);
        valid.release();
        shifted.readerIndex(3);
        inject(shifted);
        assertThat(tcp.received).hasSize(1);
    }

    @Test
    void pooledDirectBuffersAreReleasedWhetherDeliveredOrDropped() {
        ByteBuf valid = validPacket();
        ByteBuf delivered = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(valid, 0, valid.writerIndex());
        ByteBuf dropped = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(valid, 0, valid.writerIndex()).setByte(8, 1);
        valid.release();
        inject(delivered);
        inject(dropped);
        assertThat(tcp.received).hasSize(1);
        assertThat(handler.counters().get(Counter.IN_HDR_ERRORS)).isEqualTo(1);
    }

    @Test
    void dropsFramesShorterThanAHeader() {
        assertDropped(Counter.IN_TRUNCATED_PKTS, p -> p.writerIndex(19));
    }

    @Test
    void dropsOtherVersions() {
        assertDropped(Counter.IN_HDR_ERRORS, p -> TestPackets.refreshIpChecksum(p.setByte(0, 0x65)));
    }

    @Test
    void dropsIhlBelowFive() {
        assertDropped(Counter.IN_HDR_ERRORS, p -> p.setByte(0, 0x44));
    }

    @Test
    void dropsTotalLengthBelowHeaderLength() {
        assertDropped(Counter.IN_HDR_ERRORS, p -> TestPackets.refreshIpChecksum(p.setShort(2, 19)));
    }

    @Test
    void dropsTotalLengthBeyondTheFrame() {
        assertDropped(Counter.IN_TRUNCATED_PKTS, p -> p.writerIndex(p.writerIndex() - 1));
    }

    @Test
    void dropsBadHeaderChecksum() {
        assertDropped(Counter.IN_HDR_ERRORS, p -> p.setByte(8, 63)); // TTL changed, checksum not
    }

    @Test
    void dropsDatagramsForOtherAddresses() {
        assertDropped(Counter.IN_ADDR_ERRORS, p -> TestPackets.refreshIpChecksum(p.setInt(16, LOCAL + 1)));
    }

    @Test
    void dropsBroadcastMulticastLoopbackAndOwnSources() {
        for (int source : new int[] {0xFFFFFFFF, 0xE0000001, 0x7F000001, 0xF0000001, LOCAL}) {
            ByteBuf packet = TestPackets.ipv4(source, LOCAL, TCP, PAYLOAD);
            inject(packet);
        }
        assertThat(handler.counters().get(Counter.BAD_SOURCE_DROPPED)).isEqualTo(5);
        assertThat(tcp.received).isEmpty();
    }

    @Test
    void dropsFragmentsWithMoreFragments() {
        assertDropped(Counter.FRAGMENTS_DROPPED, p -> TestPackets.refreshIpChecksum(p.setShort(6, 0x2000)));
    }

    @Test
    void dropsFragmentsWithAnOffset() {
        assertDropped(Counter.FRAGMENTS_DROPPED, p -> TestPackets.refreshIpChecksum(p.setShort(6, 0x4000 | 3)));
    }

    @Test
    void dropsDatagramsWithOptions() {
        ByteBuf packet = Unpooled.buffer().writeZero(24).writeBytes(PAYLOAD);
        Ipv4Header.write(packet, 0, packet.readableBytes(), 1, false, 64, TCP, PEER, LOCAL);
        packet.setByte(0, 0x46);
        packet.setInt(20, 0x01010100); // NOP NOP NOP EOL
        TestPackets.refreshIpChecksum(packet);
        inject(packet);
        assertOnlyCounted(Counter.OPTIONS_DROPPED);
    }

    @Test
    void unknownProtocolIsCountedAndAnsweredWithProtocolUnreachable() {
        ByteBuf packet = TestPackets.ipv4(PEER, LOCAL, 17, PAYLOAD);
        inject(packet);
        assertOnlyCounted(Counter.IN_UNKNOWN_PROTOS);
        ByteBuf error = channel.readOutbound();
        try {
            assertThat(Ipv4Repr.parse(error, 0).destination()).isEqualTo(PEER);
            assertThat(IcmpHeader.type(error, 20)).isEqualTo(IcmpHeader.TYPE_DESTINATION_UNREACHABLE);
            assertThat(IcmpHeader.code(error, 20)).isEqualTo(IcmpHeader.CODE_PROTOCOL_UNREACHABLE);
            assertThat(IcmpHeader.checksumValid(error, 20, error.readableBytes() - 20)).isTrue();
            // RFC 792: the offending header and its first data bytes are quoted.
            ByteBuf original = TestPackets.ipv4(PEER, LOCAL, 17, PAYLOAD);
            assertThat(ByteBufUtil.hexDump(error, 28, error.readableBytes() - 28))
                    .isEqualTo(ByteBufUtil.hexDump(original));
        } finally {
            error.release();
        }
    }

    @Test
    void failingProtocolIsAnInDiscard() {
        tcp.failure = new IllegalStateException("boom");
        inject(validPacket());
        assertOnlyCounted(Counter.IN_DISCARDS);
    }

    @Test
    void nonBufferMessagesPassThrough() {
        channel.writeInbound("not a packet");
        assertThat((String) channel.readInbound()).isEqualTo("not a packet");
    }

    @Test
    void sendWritesTheHeaderIntoTheHeadroomAndFlushesOnReadComplete() {
        ByteBuf first = segment(5);
        ByteBuf second = segment(7);
        handler.send(TCP, PEER, first);
        handler.send(TCP, PEER, second);
        assertThat(channel.<ByteBuf>readOutbound()).as("not flushed yet").isNull();
        channel.pipeline().fireChannelReadComplete();
        ByteBuf out1 = channel.readOutbound();
        ByteBuf out2 = channel.readOutbound();
        try {
            assertThat(out1).isSameAs(first);
            Ipv4Repr ip = Ipv4Repr.parse(out1, out1.readerIndex());
            assertThat(ip.totalLength()).isEqualTo(25);
            assertThat(ip.ttl()).isEqualTo(64);
            assertThat(ip.dontFragment()).isTrue();
            assertThat(ip.protocol()).isEqualTo(TCP);
            assertThat(ip.source()).isEqualTo(LOCAL);
            assertThat(ip.destination()).isEqualTo(PEER);
            assertThat(Ipv4Header.checksumValid(out1, out1.readerIndex(), 20)).isTrue();
            Ipv4Repr ip2 = Ipv4Repr.parse(out2, out2.readerIndex());
            assertThat(ip2.identification()).isEqualTo((ip.identification() + 1) & 0xFFFF);
            assertThat(handler.counters().get(Counter.OUT_REQUESTS)).isEqualTo(2);
        } finally {
            out1.release();
            out2.release();
        }
    }

    @Test
    void explicitFlushWritesToTheLink() {
        handler.send(TCP, PEER, segment(1));
        handler.flush();
        ByteBuf out = channel.readOutbound();
        assertThat(out).isNotNull();
        out.release();
    }

    @Test
    void sendLargerThanTheMtuIsDiscarded() {
        ByteBuf big = segment(1481);
        handler.send(TCP, PEER, big);
        handler.flush();
        assertThat(big.refCnt()).isZero();
        assertThat(channel.<ByteBuf>readOutbound()).isNull();
        assertThat(handler.counters().get(Counter.OUT_DISCARDS)).isEqualTo(1);
    }

    @Test
    void sendWithoutHeadroomIsACallerBug() {
        ByteBuf noRoom = Unpooled.buffer().writeZero(30).readerIndex(19);
        assertThatThrownBy(() -> handler.send(TCP, PEER, noRoom))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("headroom");
        assertThat(noRoom.refCnt()).isZero();
    }

    @Test
    void registrationRules() {
        assertThatThrownBy(() -> handler.register(new RecordingProtocol()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("before the channel is active");
        Ipv4Handler fresh = new Ipv4Handler(new Ipv4Config(LOCAL, 24, 1500));
        fresh.register(new RecordingProtocol());
        assertThatThrownBy(() -> fresh.register(new RecordingProtocol()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered");
        assertThatThrownBy(fresh::alloc).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void snapshotIsInStableOrder() {
        inject(validPacket());
        assertThat(handler.counters().snapshot()).containsExactly(
                entry("InReceives", 1), entry("InHdrErrors", 0), entry("InTruncatedPkts", 0),
                entry("InAddrErrors", 0), entry("BadSourceDropped", 0), entry("FragmentsDropped", 0),
                entry("OptionsDropped", 0), entry("InUnknownProtos", 0), entry("InDiscards", 0),
                entry("InDelivers", 1), entry("OutRequests", 0), entry("OutDiscards", 0),
                entry("OutNoRoutes", 0), entry("OutLoopback", 0));
    }

    private static java.util.Map.Entry<String, Long> entry(String name, long value) {
        return java.util.Map.entry(name, value);
    }

    /** A segment of {@code length} bytes with exactly the IPv4 headroom before it. */
    private static ByteBuf segment(int length) {
        return Unpooled.buffer(Ipv4Output.HEADROOM + length).writeZero(Ipv4Output.HEADROOM + length)
                .readerIndex(Ipv4Output.HEADROOM);
    }
}
