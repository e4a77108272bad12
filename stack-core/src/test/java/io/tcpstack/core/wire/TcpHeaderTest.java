package io.tcpstack.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TcpHeaderTest {
    private static final int SRC = 0x0A000001;
    private static final int DST = 0x0A000002;

    /** A SYN laid out the way Linux sends one (10.0.0.1:41000 -> 10.0.0.2:80), checksum zero. */
    private static ByteBuf linuxSyn() {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(
                "a0280050" + "499602d2" + "00000000" + "a002" + "faf0" + "0000" + "0000"
                        + "020405b40402080a000003e8000000000103030a"));
    }

    @Test
    void gettersReadEveryField() {
        ByteBuf b = linuxSyn();
        assertThat(TcpHeader.sourcePort(b, 0)).isEqualTo(41000);
        assertThat(TcpHeader.destinationPort(b, 0)).isEqualTo(80);
        assertThat(TcpHeader.seq(b, 0)).isEqualTo(1234567890);
        assertThat(TcpHeader.ack(b, 0)).isZero();
        assertThat(TcpHeader.dataOffset(b, 0)).isEqualTo(10);
        assertThat(TcpHeader.headerLength(b, 0)).isEqualTo(40);
        assertThat(TcpHeader.flags(b, 0)).isEqualTo(TcpHeader.SYN);
        assertThat(TcpHeader.hasFlags(b, 0, TcpHeader.SYN)).isTrue();
        assertThat(TcpHeader.hasFlags(b, 0, TcpHeader.SYN | TcpHeader.ACK)).isFalse();
        assertThat(TcpHeader.window(b, 0)).isEqualTo(64240);
        assertThat(TcpHeader.urgentPointer(b, 0)).isZero();
    }

    @Test
    void fillThenVerifyChecksumIncludingPseudoHeader() {
        ByteBuf b = linuxSyn();
        TcpHeader.fillChecksum(b, 0, 40, SRC, DST);
        assertThat(TcpHeader.checksum(b, 0)).isNotZero();
        assertThat(TcpHeader.verifyChecksum(b, 0, 40, SRC, DST)).isTrue();
        assertThat(TcpHeader.verifyChecksum(b, 0, 40, SRC, DST + 1)).as("other destination").isFalse();
        // Independent check: sum pseudo-header bytes and segment bytes as one buffer.
        ByteBuf whole = Unpooled.buffer().writeInt(SRC).writeInt(DST).writeByte(0).writeByte(6)
                .writeShort(40).writeBytes(b, 0, 40);
        assertThat(ChecksumTest.referencePartial(ByteBufUtil.getBytes(whole), 0, 52)).isEqualTo(0xFFFF);
    }

    @Test
    void writerProducesWhatTheGettersRead() {
        TcpOptions opts = new TcpOptions().mss(1400).timestamps(7, 9);
        ByteBuf out = Unpooled.buffer();
        out.writeZero(3); // an odd start index
        int len = TcpHeader.write(out, 80, 50000, 0xFFFFFFF0, 42, TcpHeader.SYN | TcpHeader.ACK | TcpHeader.CWR,
                65535, 7, opts);
        assertThat(len).isEqualTo(36);
        out.writeBytes(new byte[] {1, 2, 3}); // odd payload
        TcpRepr repr = TcpRepr.parse(out, 3, len + 3);
        assertThat(repr).isEqualTo(new TcpRepr(80, 50000, 0xFFFFFFF0, 42,
                TcpHeader.SYN | TcpHeader.ACK | TcpHeader.CWR, 65535, 0, 7, 36,
                new TcpRepr.Options(1400, -1, false, true, 7, 9, List.of())));
        TcpHeader.fillChecksum(out, 3, len + 3, SRC, DST);
        assertThat(TcpHeader.verifyChecksum(out, 3, len + 3, SRC, DST)).isTrue();
        assertThat(repr.toString()).contains("SYN|ACK|CWR", "seq=4294967280", "mss=1400");
    }

    @Test
    void checksumOfSplitHeaderAndDataEqualsTheOneBufferChecksum() {
        ByteBuf header = Unpooled.buffer();
        int len = TcpHeader.write(header, 1, 2, 3, 4, TcpHeader.ACK | TcpHeader.PSH, 5, 0, null);
        ByteBuf data = Unpooled.wrappedBuffer(new byte[] {9, 8, 7, 6, 5});
        TcpHeader.fillChecksum(header, 0, len, data, 0, 5, SRC, DST);
        ByteBuf joined = Unpooled.buffer().writeBytes(header, 0, len).writeBytes(data, 0, 5);
        assertThat(TcpHeader.verifyChecksum(joined, 0, len + 5, SRC, DST)).isTrue();
    }

    @Test
    void reprWritesAndParsesBack() {
        TcpRepr repr = new TcpRepr(1, 2, 3, 4, TcpHeader.ACK, 100, 0, 0, 32,
                new TcpRepr.Options(-1, -1, false, false, 0, 0,
                        List.of(new TcpRepr.SackBlock(10, 20))));
        ByteBuf out = Unpooled.buffer();
        assertThat(repr.write(out)).isEqualTo(32);
        assertThat(TcpRepr.parse(out, 0, 32)).isEqualTo(repr);
    }

    @Test
    void reprRejectsTruncatedAndMalformedHeaders() {
        ByteBuf b = linuxSyn();
        assertThatThrownBy(() -> TcpRepr.parse(b, 0, 19)).hasMessageContaining("shorter");
        assertThatThrownBy(() -> TcpRepr.parse(b, 0, 39)).hasMessageContaining("data offset");
        b.setByte(20, 2);
        b.setByte(21, 3);
        assertThatThrownBy(() -> TcpRepr.parse(b, 0, 40)).hasMessageContaining("option");
    }

    @Test
    void flagNames() {
        assertThat(TcpHeader.flagsToString(0)).isEqualTo("none");
        assertThat(TcpHeader.flagsToString(0xFF)).isEqualTo("FIN|SYN|RST|PSH|ACK|URG|ECE|CWR");
    }
}
