package io.tcpstack.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ChecksumTest {

    /** Straightforward RFC 1071 reference: 16-bit words, fold at the end. */
    static int referencePartial(byte[] data, int from, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            int hi = data[from + i] & 0xFF;
            int lo = i + 1 < length ? data[from + i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 §3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2, checksum 220d.
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {0x00, 0x01, (byte) 0xf2, 0x03,
                (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7});
        assertThat(Checksum.partial(buf, 0, 8)).isEqualTo(0xddf2);
        assertThat(Checksum.compute(buf, 0, 8)).isEqualTo(0x220d);
    }

    @Test
    void oddLengthPadsTheLastByteAsHighHalf() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {0x12, 0x34, 0x56});
        assertThat(Checksum.partial(buf, 0, 3)).isEqualTo(0x1234 + 0x5600);
        assertThat(Checksum.partial(buf, 2, 1)).isEqualTo(0x5600);
        assertThat(Checksum.partial(buf, 0, 0)).isZero();
    }

    @Test
    void foldsManyCarries() {
        byte[] ones = new byte[65535];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        ByteBuf buf = Unpooled.wrappedBuffer(ones);
        assertThat(Checksum.partial(buf, 0, ones.length)).isEqualTo(referencePartial(ones, 0, ones.length));
        // 0xFFFF + 0x0001 wraps around to 0x0001.
        ByteBuf wrap = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00, 0x01});
        assertThat(Checksum.partial(wrap, 0, 4)).isEqualTo(0x0001);
        // 64-bit accumulator overflow: eight-byte words of all ones in a long run.
        assertThat(Checksum.partial(buf, 1, 65528)).isEqualTo(0xFFFF);
        ByteBuf direct = Unpooled.directBuffer(ones.length).writeBytes(ones);
        assertThat(Checksum.partial(direct, 0, ones.length)).isEqualTo(referencePartial(ones, 0, ones.length));
        assertThat(Checksum.partial(direct, 1, 65528)).isEqualTo(0xFFFF);
        direct.release();
    }

    @Test
    void matchesReferenceForRandomRegionsOddStartsAndLengths() {
        Random random = new Random(1071);
        for (int round = 0; round < 2000; round++) {
            byte[] data = new byte[1 + random.nextInt(round % 20 == 0 ? 70_000 : 300)]; // direct buffers of 64 bytes and more take the native-memory path
            random.nextBytes(data);
            int from = random.nextInt(data.length);
            int length = random.nextInt(data.length - from + 1);
            int expected = referencePartial(data, from, length);
            assertThat(Checksum.partial(Unpooled.wrappedBuffer(data), from, length))
                    .as("heap from %d length %d", from, length).isEqualTo(expected);
            ByteBuf direct = Unpooled.directBuffer(data.length).writeBytes(data);
            assertThat(Checksum.partial(direct, from, length))
                    .as("direct from %d length %d", from, length).isEqualTo(expected);
            direct.release();
        }
    }

    @Test
    void compositeBuffersWithOddComponentsSumAcrossBoundaries() {
        Random random = new Random(9293);
        for (int round = 0; round < 500; round++) {
            byte[] data = new byte[2 + random.nextInt(200)];
            random.nextBytes(data);
            CompositeByteBuf composite = Unpooled.compositeBuffer();
            int at = 0;
            while (at < data.length) {
                int part = Math.min(data.length - at, 1 + random.nextInt(13));
                composite.addComponent(true, Unpooled.wrappedBuffer(data, at, part));
                at += part;
            }
            int from = random.nextInt(data.length);
            int length = data.length - from;
            assertThat(Checksum.partial(composite, from, length))
                    .isEqualTo(referencePartial(data, from, length));
            composite.release();
        }
    }

    @Test
    void partialSumsOfEvenRegionsCombine() {
        byte[] data = new byte[101];
        new Random(7).nextBytes(data);
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        int whole = Checksum.partial(buf, 0, 101);
        int split = Checksum.combine(Checksum.partial(buf, 0, 40), Checksum.partial(buf, 40, 61));
        assertThat(split).isEqualTo(whole);
    }

    @Test
    void pseudoHeaderIsTheSumOfItsTwelveBytes() {
        ByteBuf pseudo = Unpooled.buffer(12)
                .writeInt(0xC0A80001).writeInt(0x0A000002).writeByte(0).writeByte(6).writeShort(1480);
        assertThat(Checksum.pseudoHeader(0xC0A80001, 0x0A000002, 6, 1480))
                .isEqualTo(Checksum.partial(pseudo, 0, 12));
        assertThat(Checksum.pseudoHeader(0xFFFFFFFF, 0xFFFFFFFF, 255, 0xFFFF))
                .isEqualTo(referencePartial(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, 0, -1, -1, -1}, 0, 12));
    }

    @Test
    void aRegionWithItsChecksumStoredIsValid() {
        byte[] data = new byte[64];
        new Random(3).nextBytes(data);
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        buf.setShort(10, 0);
        buf.setShort(10, Checksum.compute(buf, 0, 64));
        assertThat(Checksum.isValid(Checksum.partial(buf, 0, 64))).isTrue();
        buf.setByte(33, buf.getByte(33) ^ 0x40);
        assertThat(Checksum.isValid(Checksum.partial(buf, 0, 64))).isFalse();
    }
}
