package io.tcpstack.core.icmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import io.tcpstack.core.icmp.IcmpCounters.Counter;
import io.tcpstack.core.ip.Ipv4Config;
import io.tcpstack.core.ip.Ipv4Handler;
import io.tcpstack.core.wire.IcmpHeader;
import io.tcpstack.core.wire.Ipv4Repr;
import io.tcpstack.core.wire.TestPackets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IcmpProtocolTest {
    private static final int LOCAL = 0xC0A80A02;  // 192.168.10.2
    private static final int PEER = 0xC0A80A01;   // 192.168.10.1
    private static final byte[] DATA = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS".getBytes(); // 55: odd

    private final List<ByteBuf> injected = new ArrayList<>();
    /** Virtual time for the rate limiter, in nanoseconds. */
    private long now;
    private Ipv4Handler ip;
    private IcmpProtocol icmp;
    private EmbeddedChannel channel;

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @BeforeEach
    void setUp() {
        ip = new Ipv4Handler(new Ipv4Config(LOCAL, 24, 1500));
        icmp = new IcmpProtocol(ip, () -> now, 10, 2);
        ip.register(icmp);
        channel = new EmbeddedChannel(ip);
    }

    @AfterEach
    void buffersReleased() {
        for (ByteBuf b : injected) {
            assertThat(b.refCnt()).isZero();
        }
        assertThat(channel.finish()).isFalse();
    }

    private void inject(ByteBuf packet) {
        injected.add(packet);
        channel.writeInbound(packet);
    }

    /** Independent RFC 1071 check over bytes copied out of the buffer. */
    private static boolean sumsToAllOnes(byte[] bytes) {
        long sum = 0;
        for (int i = 0; i < bytes.length; i += 2) {
            sum += ((bytes[i] & 0xFF) << 8) | (i + 1 < bytes.length ? bytes[i + 1] & 0xFF : 0);
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum == 0xFFFF;
    }

    private void assertEchoReply(ByteBuf reply, int id, int seq) {
        Ipv4Repr header = Ipv4Repr.parse(reply, reply.readerIndex());
        assertThat(header.source()).isEqualTo(LOCAL);
        assertThat(header.destination()).isEqualTo(PEER);
        assertThat(header.protocol()).isEqualTo(IcmpHeader.PROTOCOL);
        assertThat(header.totalLength()).isEqualTo(20 + 8 + DATA.length).isEqualTo(reply.readableBytes());
        int at = reply.readerIndex() + 20;
        assertThat(IcmpHeader.type(reply, at)).isEqualTo(IcmpHeader.TYPE_ECHO_REPLY);
        assertThat(IcmpHeader.code(reply, at)).isZero();
        assertThat(IcmpHeader.echoId(reply, at)).isEqualTo(id);
        assertThat(IcmpHeader.echoSeq(reply, at)).isEqualTo(seq);
        assertThat(ByteBufUtil.getBytes(reply, at + 8, DATA.length)).isEqualTo(DATA);
        assertThat(sumsToAllOnes(ByteBufUtil.getBytes(reply, at, 8 + DATA.length))).isTrue();
        assertThat(sumsToAllOnes(ByteBufUtil.getBytes(reply, reply.readerIndex(), 20))).isTrue();
    }

    @Test
    void echoRequestIsAnsweredInPlace() {
        ByteBuf request = TestPackets.ipv4(PEER, LOCAL, 1, TestPackets.echoRequest(0x4242, 3, DATA));
        channel.writeInbound(request);
        ByteBuf reply = channel.readOutbound();
        assertThat(reply).as("the request's buffer became the reply").isSameAs(request);
        assertEchoReply(reply, 0x4242, 3);
        reply.release();
        assertThat(request.refCnt()).isZero();
        assertThat(icmp.counters().snapshot()).containsExactly(
                Map.entry("InMsgs", 1L), Map.entry("InErrors", 0L), Map.entry("InEchos", 1L), Map.entry("InErrorsDelivered", 0L),
                Map.entry("OutMsgs", 1L), Map.entry("OutEchoReps", 1L), Map.entry("OutDestUnreachs", 0L),
                Map.entry("OutRateLimited", 0L));
    }

    @Test
    void sharedRequestIsCopiedAndLeftUntouched() {
        ByteBuf request = TestPackets.ipv4(PEER, LOCAL, 1, TestPackets.echoRequest(7, 65535, DATA));
        byte[] before = ByteBufUtil.getBytes(request);
        request.retain(); // someone else (a capture handler, say) still holds it
        channel.writeInbound(request);
        ByteBuf reply = channel.readOutbound();
        assertThat(reply).isNotSameAs(request);
        assertEchoReply(reply, 7, 65535);
        reply.release();
        assertThat(ByteBufUtil.getBytes(request)).isEqualTo(before);
        assertThat(request.release()).isTrue();
    }

    @Test
    void badChecksumIsAnInError() {
        ByteBuf request = TestPackets.ipv4(PEER, LOCAL, 1, TestPackets.echoRequest(1, 1, DATA));
        request.setByte(40, request.getByte(40) ^ 1);
        inject(request);
        assertThat(channel.<ByteBuf>readOutbound()).isNull();
        assertThat(icmp.counters().get(Counter.IN_MSGS)).isEqualTo(1);
        assertThat(icmp.counters().get(Counter.IN_ERRORS)).isEqualTo(1);
        assertThat(icmp.counters().get(Counter.IN_ECHOS)).isZero();
    }

    @Test
    void messageShorterThanEightBytesIsAnInError() {
        inject(TestPackets.ipv4(PEER, LOCAL, 1, new byte[] {8, 0, (byte) 0xf7, (byte) 0xff}));
        assertThat(icmp.counters().get(Counter.IN_ERRORS)).isEqualTo(1);
        assertThat(channel.<ByteBuf>readOutbound()).isNull();
    }

    @Test
    void otherTypesAreCountedAndIgnored() {
        ByteBuf reply = TestPackets.ipv4(PEER, LOCAL, 1, TestPackets.echoRequest(1, 1, DATA));
        IcmpHeader.setType(reply, 20, IcmpHeader.TYPE_ECHO_REPLY);
        IcmpHeader.fillChecksum(reply, 20, reply.readableBytes() - 20);
        inject(reply);
        assertThat(channel.<ByteBuf>readOutbound()).isNull();
        assertThat(icmp.counters().get(Counter.IN_MSGS)).isEqualTo(1);
        assertThat(icmp.counters().get(Counter.IN_ERRORS)).isZero();
        assertThat(icmp.counters().get(Counter.OUT_MSGS)).isZero();
    }

    @Test
    void protocolUnreachableIsRateLimited() {
        for (int i = 0; i < 3; i++) {
            inject(TestPackets.ipv4(PEER, LOCAL, 17, DATA));
        }
        assertThat(drainOutbound()).as("burst of two").isEqualTo(2);
        assertThat(icmp.counters().get(Counter.OUT_RATE_LIMITED)).isEqualTo(1);
        now += 100_000_000L; // one token at 10 per second
        inject(TestPackets.ipv4(PEER, LOCAL, 17, DATA));
        inject(TestPackets.ipv4(PEER, LOCAL, 17, DATA));
        assertThat(drainOutbound()).isEqualTo(1);
        assertThat(icmp.counters().get(Counter.OUT_DEST_UNREACHS)).isEqualTo(3);
        assertThat(icmp.counters().get(Counter.OUT_RATE_LIMITED)).isEqualTo(2);
    }

    @Test
    void quotesAtMost576BytesInTotal() {
        inject(TestPackets.ipv4(PEER, LOCAL, 17, new byte[1400]));
        ByteBuf error = channel.readOutbound();
        assertThat(error.readableBytes()).isEqualTo(576);
        assertThat(IcmpHeader.checksumValid(error, 20, 556)).isTrue();
        error.release();
    }

    @Test
    void neverReportsAboutAnIcmpErrorOrToAnUnspecifiedSource() {
        ByteBuf icmpError = TestPackets.ipv4(PEER, LOCAL, 1, new byte[] {3, 1, 0, 0, 0, 0, 0, 0});
        icmp.protocolUnreachable(icmpError, 20, PEER);
        ByteBuf fromNowhere = TestPackets.ipv4(0, LOCAL, 17, DATA);
        icmp.protocolUnreachable(fromNowhere, 20, 0);
        assertThat(channel.<ByteBuf>readOutbound()).isNull();
        assertThat(icmp.counters().get(Counter.OUT_MSGS)).isZero();
        ByteBuf echo = TestPackets.ipv4(PEER, LOCAL, 1, TestPackets.echoRequest(1, 1, DATA));
        icmp.protocolUnreachable(echo, 20, PEER);
        ip.flush();
        assertThat(drainOutbound()).as("an ICMP query may be reported").isEqualTo(1);
        icmpError.release();
        fromNowhere.release();
        echo.release();
    }

    private int drainOutbound() {
        int n = 0;
        for (ByteBuf out; (out = channel.readOutbound()) != null; n++) {
            assertThat(IcmpHeader.type(out, out.readerIndex() + 20)).isEqualTo(IcmpHeader.TYPE_DESTINATION_UNREACHABLE);
            out.release();
        }
        return n;
    }

    /** A protocol that records the errors handed to it. */
    private static final class ErrorRecorder implements io.tcpstack.core.ip.Ipv4Protocol {
        final List<String> errors = new ArrayList<>();

        @Override public int protocolNumber() { return 6; }
        @Override public void receive(ByteBuf packet, int headerLength, int source, int destination, boolean verified) { }
        @Override public void errorArrives(int type, int code, ByteBuf quoted, int quotedHeaderLength, int mtu) {
            errors.add(type + "/" + code + " port " + quoted.getUnsignedShort(quoted.readerIndex() + quotedHeaderLength)
                    + " mtu " + mtu);
        }
    }

    /** An ICMP error message of {@code type}/{@code code} quoting {@code quote}. */
    private static byte[] icmpError(int type, int code, int mtu, byte[] quote) {
        byte[] m = new byte[8 + quote.length];
        m[0] = (byte) type;
        m[1] = (byte) code;
        m[6] = (byte) (mtu >> 8);
        m[7] = (byte) mtu;
        System.arraycopy(quote, 0, m, 8, quote.length);
        ByteBuf b = io.netty.buffer.Unpooled.wrappedBuffer(m);
        IcmpHeader.fillChecksum(b, 0, m.length);
        return m;
    }

    /** What we sent, as the error quotes it: our IPv4 header and the TCP ports and sequence number. */
    private static byte[] quotedSegment(int source) {
        ByteBuf sent = TestPackets.ipv4(source, PEER, 6, new byte[] {(byte) 0x9c, 0x40, 0, 80, 0, 0, 0, 1});
        byte[] quote = ByteBufUtil.getBytes(sent);
        sent.release();
        return quote;
    }

    @Test
    void errorsQuotingOurDatagramsReachTheirProtocol() {
        ErrorRecorder tcp = new ErrorRecorder();
        ip = new Ipv4Handler(new Ipv4Config(LOCAL, 24, 1500));
        icmp = new IcmpProtocol(ip, () -> now, 10, 2);
        ip.register(icmp);
        ip.register(tcp);
        channel = new EmbeddedChannel(ip);

        inject(TestPackets.ipv4(PEER, LOCAL, IcmpHeader.PROTOCOL, icmpError(3, 3, 0, quotedSegment(LOCAL))));
        inject(TestPackets.ipv4(PEER, LOCAL, IcmpHeader.PROTOCOL, icmpError(3, 4, 1400, quotedSegment(LOCAL))));
        inject(TestPackets.ipv4(PEER, LOCAL, IcmpHeader.PROTOCOL, icmpError(11, 0, 0, quotedSegment(LOCAL))));
        inject(TestPackets.ipv4(PEER, LOCAL, IcmpHeader.PROTOCOL, icmpError(3, 3, 0, quotedSegment(PEER)))); // not ours
        inject(TestPackets.ipv4(PEER, LOCAL, IcmpHeader.PROTOCOL, icmpError(3, 3, 0, new byte[12]))); // too short

        assertThat(tcp.errors).containsExactly("3/3 port 40000 mtu 0", "3/4 port 40000 mtu 1400", "11/0 port 40000 mtu 0");
        assertThat(icmp.counters().get(Counter.IN_ERRORS_DELIVERED)).isEqualTo(3);
        assertThat(icmp.counters().get(Counter.IN_ERRORS)).isEqualTo(2);
    }
}
