package io.tcpstack.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4AndIcmpHeaderTest {

    /**
     * The widely used worked example of the header checksum: 192.168.0.1 -> 192.168.0.199, UDP,
     * total length 115, DF, TTL 64, checksum 0xb861.
     */
    private static ByteBuf knownHeader() {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(
                "45000073000040004011" + "b861" + "c0a80001" + "c0a800c7"));
    }

    @Test
    void readsEveryIpv4Field() {
        ByteBuf b = knownHeader();
        Ipv4Repr repr = Ipv4Repr.parse(b, 0);
        assertThat(repr).isEqualTo(new Ipv4Repr(4, 20, 0, 0, 115, 0, true, false, 0, 64, 17, 0xb861,
                0xC0A80001, 0xC0A800C7));
        assertThat(Ipv4Header.ihl(b, 0)).isEqualTo(5);
        assertThat(Ipv4Header.isFragment(b, 0)).isFalse();
        assertThat(repr.toString()).isEqualTo("192.168.0.1>192.168.0.199 proto=17 len=115 hlen=20 id=0 DF off=0 ttl=64");
    }

    @Test
    void knownHeaderChecksumValidatesAndAnyBitFlipBreaksIt() {
        ByteBuf b = knownHeader();
        assertThat(Ipv4Header.checksumValid(b, 0, 20)).isTrue();
        for (int bit = 0; bit < 160; bit++) {
            ByteBuf copy = b.copy();
            copy.setByte(bit / 8, copy.getByte(bit / 8) ^ (1 << (bit % 8)));
            assertThat(Ipv4Header.checksumValid(copy, 0, 20)).as("bit %d", bit).isFalse();
        }
    }

    @Test
    void dscpEcnAndFragmentFields() {
        ByteBuf b = knownHeader();
        b.setByte(1, (46 << 2) | 3); // EF, CE
        b.setShort(6, 0x2000 | 185); // MF, offset 185
        assertThat(Ipv4Header.dscp(b, 0)).isEqualTo(46);
        assertThat(Ipv4Header.ecn(b, 0)).isEqualTo(3);
        assertThat(Ipv4Header.moreFragments(b, 0)).isTrue();
        assertThat(Ipv4Header.dontFragment(b, 0)).isFalse();
        assertThat(Ipv4Header.fragmentOffset(b, 0)).isEqualTo(185);
        assertThat(Ipv4Header.isFragment(b, 0)).isTrue();
        b.setShort(6, 1); // last fragment: MF clear, offset 1
        assertThat(Ipv4Header.isFragment(b, 0)).isTrue();
    }

    @Test
    void writerReproducesTheCapturedHeader() {
        ByteBuf out = Unpooled.buffer(25).writeZero(25);
        Ipv4Header.write(out, 5, 115, 0, true, 64, 17, 0xC0A80001, 0xC0A800C7);
        assertThat(ByteBufUtil.hexDump(out, 5, 20)).isEqualTo(ByteBufUtil.hexDump(knownHeader()));
    }

    @Test
    void reprRejectsShortBuffers() {
        assertThatThrownBy(() -> Ipv4Repr.parse(Unpooled.buffer(19).writeZero(19), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void icmpEchoFieldsAndChecksum() {
        ByteBuf icmp = Unpooled.wrappedBuffer(TestPackets.echoRequest(0xbeef, 7, new byte[] {1, 2, 3}));
        assertThat(IcmpHeader.type(icmp, 0)).isEqualTo(IcmpHeader.TYPE_ECHO_REQUEST);
        assertThat(IcmpHeader.code(icmp, 0)).isZero();
        assertThat(IcmpHeader.echoId(icmp, 0)).isEqualTo(0xbeef);
        assertThat(IcmpHeader.echoSeq(icmp, 0)).isEqualTo(7);
        assertThat(IcmpHeader.checksumValid(icmp, 0, 11)).isTrue();
        // By hand: 0800 + beef + 0007 + 0102 + 0300 = caf8, complement 3507.
        assertThat(IcmpHeader.checksum(icmp, 0)).isEqualTo(0x3507);
        IcmpHeader.setType(icmp, 0, IcmpHeader.TYPE_ECHO_REPLY);
        assertThat(IcmpHeader.checksumValid(icmp, 0, 11)).isFalse();
    }

    @Test
    void icmpErrorTypes() {
        assertThat(IcmpHeader.isError(IcmpHeader.TYPE_DESTINATION_UNREACHABLE)).isTrue();
        assertThat(IcmpHeader.isError(IcmpHeader.TYPE_TIME_EXCEEDED)).isTrue();
        assertThat(IcmpHeader.isError(IcmpHeader.TYPE_ECHO_REQUEST)).isFalse();
        assertThat(IcmpHeader.isError(IcmpHeader.TYPE_ECHO_REPLY)).isFalse();
    }
}
