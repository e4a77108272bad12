package io.tcpstack.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TcpOptionsTest {
    private final TcpOptions options = new TcpOptions();

    private static ByteBuf bytes(int... values) {
        ByteBuf buf = Unpooled.buffer(values.length);
        for (int v : values) {
            buf.writeByte(v);
        }
        return buf;
    }

    private boolean parse(int... values) {
        ByteBuf buf = bytes(values);
        return options.parse(buf, 0, buf.readableBytes());
    }

    @Test
    void parsesATypicalLinuxSyn() {
        // mss 1460, sackOK, TS 0x01020304/0, NOP, wscale 7
        assertThat(parse(2, 4, 0x05, 0xb4, 4, 2, 8, 10, 1, 2, 3, 4, 0, 0, 0, 0, 1, 3, 3, 7)).isTrue();
        assertThat(options.mss()).isEqualTo(1460);
        assertThat(options.sackPermitted()).isTrue();
        assertThat(options.hasTimestamps()).isTrue();
        assertThat(options.tsVal()).isEqualTo(0x01020304);
        assertThat(options.tsEcr()).isZero();
        assertThat(options.windowScale()).isEqualTo(7);
        assertThat(options.sackBlockCount()).isZero();
    }

    @Test
    void parsesSackBlocks() {
        assertThat(parse(1, 1, 5, 18, 0, 0, 0, 10, 0, 0, 0, 20, 0xff, 0xff, 0xff, 0xf0, 0, 0, 0, 5)).isTrue();
        assertThat(options.sackBlockCount()).isEqualTo(2);
        assertThat(options.sackLeft(0)).isEqualTo(10);
        assertThat(options.sackRight(0)).isEqualTo(20);
        assertThat(options.sackLeft(1)).isEqualTo(0xfffffff0);
        assertThat(options.sackRight(1)).isEqualTo(5);
    }

    @Test
    void endOfListStopsParsingAndNopsAndUnknownsAreSkipped() {
        assertThat(parse(1, 30, 4, 0xaa, 0xbb, 2, 4, 1, 0, 0, 99, 99)).isTrue();
        assertThat(options.mss()).isEqualTo(256);
        assertThat(parse(0, 2, 1)).isTrue(); // garbage after EOL is ignored
        assertThat(options.mss()).isEqualTo(-1);
        assertThat(parse()).isTrue();
    }

    @Test
    void malformedOptionsAreRejected() {
        assertThat(parse(2)).as("kind without length").isFalse();
        assertThat(parse(30, 1)).as("length below 2").isFalse();
        assertThat(parse(30, 0)).as("length zero").isFalse();
        assertThat(parse(30, 5, 0, 0)).as("runs past the end").isFalse();
        assertThat(parse(2, 3, 0)).as("MSS length 3").isFalse();
        assertThat(parse(3, 4, 1, 0)).as("WS length 4").isFalse();
        assertThat(parse(4, 3, 0)).as("SACK-permitted length 3").isFalse();
        assertThat(parse(8, 6, 0, 0, 0, 0)).as("TS length 6").isFalse();
        assertThat(parse(5, 2)).as("SACK without blocks").isFalse();
        assertThat(parse(5, 6, 0, 0, 0, 0)).as("SACK length not 2+8n").isFalse();
        int[] fiveBlocks = new int[42];
        fiveBlocks[0] = 5;
        fiveBlocks[1] = 42;
        assertThat(parse(fiveBlocks)).as("five SACK blocks").isFalse();
    }

    @Test
    void parseClearsPreviousContents() {
        assertThat(parse(2, 4, 1, 0, 3, 3, 2)).isTrue();
        assertThat(parse(4, 2)).isTrue();
        assertThat(options.mss()).isEqualTo(-1);
        assertThat(options.windowScale()).isEqualTo(-1);
        assertThat(options.sackPermitted()).isTrue();
    }

    @Test
    void encodesSynOptionsAlignedAndRoundTrips() {
        options.mss(1460).windowScale(7).sackPermitted(true).timestamps(123, 0);
        ByteBuf out = Unpooled.buffer();
        int written = options.encode(out);
        assertThat(written).isEqualTo(20).isEqualTo(options.encodedLength());
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("020405b4010303070402080a0000007b00000000");
        TcpOptions back = new TcpOptions();
        assertThat(back.parse(out, 0, written)).isTrue();
        assertThat(back.toString()).isEqualTo(options.toString());
    }

    @Test
    void encodesEachOptionAloneToAFourByteMultiple() {
        assertThat(encodeHex(new TcpOptions())).isEmpty();
        assertThat(encodeHex(new TcpOptions().windowScale(14))).isEqualTo("0103030e");
        assertThat(encodeHex(new TcpOptions().sackPermitted(true))).isEqualTo("01010402");
        assertThat(encodeHex(new TcpOptions().timestamps(1, 2))).isEqualTo("0101080a0000000100000002");
        TcpOptions sack = new TcpOptions();
        sack.addSackBlock(1, 2);
        assertThat(encodeHex(sack)).isEqualTo("0101050a0000000100000002");
    }

    @Test
    void sackBlocksAreCutToFitFortyBytes() {
        TcpOptions o = new TcpOptions().timestamps(5, 6);
        for (int b = 0; b < 4; b++) {
            assertThat(o.addSackBlock(b * 10, b * 10 + 5)).isTrue();
        }
        assertThat(o.addSackBlock(99, 100)).isFalse();
        assertThat(o.encodedLength()).isEqualTo(40);
        ByteBuf out = Unpooled.buffer();
        assertThat(o.encode(out)).isEqualTo(40);
        TcpOptions back = new TcpOptions();
        assertThat(back.parse(out, 0, 40)).isTrue();
        assertThat(back.sackBlockCount()).isEqualTo(3); // RFC 2018 §3: three blocks with timestamps
        assertThat(back.sackLeft(2)).isEqualTo(20);

        o.clearTimestamps();
        assertThat(o.encodedLength()).isEqualTo(36);
        assertThat(new TcpOptions().copyFrom(o).toString()).isEqualTo(o.toString());
    }

    private static String encodeHex(TcpOptions o) {
        ByteBuf out = Unpooled.buffer();
        int n = o.encode(out);
        assertThat(n % 4).isZero();
        assertThat(n).isEqualTo(o.encodedLength());
        return ByteBufUtil.hexDump(out);
    }
}
