package io.tcpstack.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tcpstack.link.OffloadedPacket;
import org.junit.jupiter.api.Test;

class VirtioNetHeaderTest {
    @Test
    void offloadedPacketAsksForChecksumAndTsoInLittleEndianFields() {
        ByteBuf header = Unpooled.buffer(VirtioNetHeader.LENGTH).writerIndex(VirtioNetHeader.LENGTH);
        OffloadedPacket packet = new OffloadedPacket(Unpooled.buffer(1), 52, 20, 16, 1448);
        VirtioNetHeader.write(header, 0, packet);
        packet.release();

        // flags NEEDS_CSUM, gso TCPV4, hdr_len 52, gso_size 1448 (0x05a8), csum_start 20, csum_offset 16
        assertThat(ByteBufUtil.hexDump(header)).isEqualTo("0101" + "3400" + "a805" + "1400" + "1000");
        assertThat(VirtioNetHeader.flags(header, 0)).isEqualTo(VirtioNetHeader.F_NEEDS_CSUM);
        assertThat(VirtioNetHeader.gsoType(header, 0)).isEqualTo(VirtioNetHeader.GSO_TCPV4);
        assertThat(VirtioNetHeader.headerLength(header, 0)).isEqualTo(52);
        assertThat(VirtioNetHeader.gsoSize(header, 0)).isEqualTo(1448);
        assertThat(VirtioNetHeader.checksumStart(header, 0)).isEqualTo(20);
        assertThat(VirtioNetHeader.checksumOffset(header, 0)).isEqualTo(16);
        assertThat(VirtioNetHeader.checksumTrusted(header, 0)).isTrue();
    }

    @Test
    void offloadedPacketWithoutSegmentSizeAsksForTheChecksumOnly() {
        ByteBuf header = Unpooled.buffer(VirtioNetHeader.LENGTH).writerIndex(VirtioNetHeader.LENGTH);
        OffloadedPacket packet = new OffloadedPacket(Unpooled.buffer(1), 32, 20, 16, 0);
        VirtioNetHeader.write(header, 0, packet);
        packet.release();

        assertThat(ByteBufUtil.hexDump(header)).isEqualTo("0100" + "2000" + "0000" + "1400" + "1000");
    }

    @Test
    void plainHeaderIsAllZeros() {
        ByteBuf header = Unpooled.buffer(VirtioNetHeader.LENGTH).writerIndex(VirtioNetHeader.LENGTH);
        header.setBytes(0, new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
        VirtioNetHeader.writePlain(header, 0);

        assertThat(ByteBufUtil.hexDump(header)).isEqualTo("00".repeat(VirtioNetHeader.LENGTH));
        assertThat(VirtioNetHeader.checksumTrusted(header, 0)).isFalse();
    }

    @Test
    void readsDataValidAndIgnoresTheEcnBitOfTheGsoType() {
        ByteBuf header = Unpooled.wrappedBuffer(new byte[] {
            VirtioNetHeader.F_DATA_VALID, (byte) (VirtioNetHeader.GSO_TCPV4 | VirtioNetHeader.GSO_ECN),
            0x42, 0, (byte) 0xb4, 0x05, 0x14, 0, 0x10, 0});

        assertThat(VirtioNetHeader.checksumTrusted(header, 0)).isTrue();
        assertThat(VirtioNetHeader.gsoType(header, 0)).isEqualTo(VirtioNetHeader.GSO_TCPV4);
        assertThat(VirtioNetHeader.headerLength(header, 0)).isEqualTo(0x42);
        assertThat(VirtioNetHeader.gsoSize(header, 0)).isEqualTo(1460);
    }
}
