package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReceiveBufferTest {
    private final TrackingAllocator alloc = new TrackingAllocator();

    /** Stream position of RCV.NXT as the test (the caller) tracks it. */
    private long rcvNxt;

    /** Stream position of the next byte the test expects to read. */
    private long readPosition;

    @AfterEach
    void nothingLeaks() {
        alloc.assertAllReleased();
    }

    private static byte at(long position) {
        return (byte) (position * 7 + (position >>> 8) + 3);
    }

    /** Offers stream bytes [position, position + length) as the peer would send them. */
    private int offer(ReceiveBuffer buffer, long position, int length) {
        ByteBuf segment = alloc.buffer(length + 4);
        segment.writeInt(0xDEADBEEF); // a header the caller has already parsed
        for (int i = 0; i < length; i++) {
            segment.writeByte(at(position + i));
        }
        segment.skipBytes(4);
        int readerIndex = segment.readerIndex();
        int became = buffer.offer((int) (position - rcvNxt), segment);
        assertThat(segment.readerIndex()).as("offer leaves the caller's buffer alone").isEqualTo(readerIndex);
        segment.release();
        rcvNxt += became;
        return became;
    }

    /** Reads up to {@code max} bytes and checks they continue the stream. */
    private int readAndCheck(ReceiveBuffer buffer, int max) {
        ByteBuf dst = Unpooled.buffer(max);
        int n = buffer.read(dst, max);
        assertThat(dst.readableBytes()).isEqualTo(n);
        byte[] bytes = ByteBufUtil.getBytes(dst);
        for (int i = 0; i < n; i++) {
            if (bytes[i] != at(readPosition + i)) {
                throw new AssertionError("read byte " + (readPosition + i) + " differs");
            }
        }
        readPosition += n;
        return n;
    }

    @Test
    void inOrderSegmentsBecomeReadable() {
        ReceiveBuffer buffer = new ReceiveBuffer(100);
        assertThat(buffer.window()).isEqualTo(100);
        assertThat(offer(buffer, 0, 10)).isEqualTo(10);
        assertThat(offer(buffer, 10, 20)).isEqualTo(20);
        assertThat(buffer.readable()).isEqualTo(30);
        assertThat(buffer.window()).isEqualTo(70);
        assertThat(buffer.hasOutOfOrder()).isFalse();

        assertThat(readAndCheck(buffer, 15)).isEqualTo(15);
        assertThat(buffer.window()).isEqualTo(85);
        assertThat(readAndCheck(buffer, 100)).isEqualTo(15);
        assertThat(buffer.readable()).isZero();
        assertThat(buffer.window()).isEqualTo(100);
        assertThat(alloc.live()).as("fully read segments are released").isZero();
        buffer.release();
    }

    @Test
    void readStopsAtWhatTheDestinationCanHold() {
        ReceiveBuffer buffer = new ReceiveBuffer(100);
        offer(buffer, 0, 50);
        ByteBuf small = Unpooled.buffer(8, 8);
        assertThat(buffer.read(small, 100)).isEqualTo(8);
        assertThat(buffer.readable()).isEqualTo(42);
        readPosition = 8;
        assertThat(readAndCheck(buffer, 42)).isEqualTo(42);
        buffer.release();
    }

    @Test
    void skipDropsInOrderBytesAcrossSegmentsAndOpensTheWindow() {
        ReceiveBuffer buffer = new ReceiveBuffer(100);
        offer(buffer, 0, 10);
        offer(buffer, 10, 10);
        offer(buffer, 20, 10);
        assertThat(buffer.skip(15)).as("one whole segment and half of the next").isEqualTo(15);
        assertThat(buffer.readable()).isEqualTo(15);
        assertThat(buffer.window()).isEqualTo(85);
        readPosition = 15;
        assertThat(readAndCheck(buffer, 3)).as("reading resumes after the skipped bytes").isEqualTo(3);
        assertThat(buffer.skip(100)).isEqualTo(12);
        assertThat(buffer.skip(100)).as("nothing left").isZero();
        assertThat(buffer.window()).isEqualTo(100);
        buffer.release();
    }

    @Test
    void alreadyReceivedPrefixIsTrimmed() {
        ReceiveBuffer buffer = new ReceiveBuffer(100);
        offer(buffer, 0, 10);
        assertThat(offer(buffer, 5, 10)).as("retransmission carrying 5 new bytes").isEqualTo(5);
        assertThat(offer(buffer, 0, 15)).as("pure duplicate").isZero();
        assertThat(offer(buffer, 3, 4)).isZero();
        assertThat(buffer.readable()).isEqualTo(15);
        assertThat(readAndCheck(buffer, 100)).isEqualTo(15);
        buffer.release();
    }

    @Test
    void bytesBeyondTheWindowAreTrimmed() {
        ReceiveBuffer buffer = new ReceiveBuffer(10);
        assertThat(offer(buffer, 0, 15)).isEqualTo(10);
        assertThat(buffer.window()).isZero();
        assertThat(offer(buffer, 10, 5)).as("zero window").isZero();
        assertThat(readAndCheck(buffer, 4)).isEqualTo(4);
        assertThat(offer(buffer, 12, 5)).as("out of order, trimmed to the window").isZero();
        assertThat(buffer.buffered()).isEqualTo(6 + 2);
        assertThat(offer(buffer, 20, 5)).as("wholly beyond the window").isZero();
        assertThat(offer(buffer, 10, 5)).isEqualTo(4);
        assertThat(buffer.buffered()).isEqualTo(10);
        assertThat(readAndCheck(buffer, 100)).isEqualTo(10);
        buffer.release();
    }

    @Test
    void gapIsHeldUntilFilled() {
        ReceiveBuffer buffer = new ReceiveBuffer(100);
        assertThat(offer(buffer, 5, 5)).isZero();
        assertThat(buffer.hasOutOfOrder()).isTrue();
        assertThat(buffer.readable()).isZero();
        assertThat(buffer.buffered()).isEqualTo(5);
        assertThat(buffer.window()).as("the right edge does not move left").isEqualTo(100);
        assertThat(offer(buffer, 0, 5)).isEqualTo(10);
        assertThat(buffer.hasOutOfOrder()).isFalse();
        assertThat(buffer.window()).isEqualTo(90);
        assertThat(readAndCheck(buffer, 100)).isEqualTo(10);
        buffer.release();
    }

    @Test
    void holeFillingSegmentJoinsSeveralPieces() {
        ReceiveBuffer buffer = new ReceiveBuffer(100);
        offer(buffer, 10, 5);
        offer(buffer, 20, 5);
        offer(buffer, 30, 5);
        assertThat(buffer.buffered()).isEqualTo(15);
        assertThat(offer(buffer, 5, 25)).as("fills 15-20 and 25-30, leaves 0-5 open").isZero();
        assertThat(buffer.buffered()).isEqualTo(30);
        assertThat(offer(buffer, 0, 5)).isEqualTo(35);
        assertThat(buffer.hasOutOfOrder()).isFalse();
        assertThat(readAndCheck(buffer, 100)).isEqualTo(35);
        buffer.release();
    }

    @Test
    void overlappingSegmentsKeepTheFirstCopy() {
        ReceiveBuffer buffer = new ReceiveBuffer(100);
        ByteBuf first = Unpooled.wrappedBuffer(new byte[] {1, 1, 1, 1});
        assertThat(buffer.offer(2, first)).isZero();
        ByteBuf second = Unpooled.wrappedBuffer(new byte[] {2, 2, 2, 2, 2, 2, 2, 2});
        assertThat(buffer.offer(0, second)).isEqualTo(8);
        ByteBuf dst = Unpooled.buffer(8);
        buffer.read(dst, 8);
        assertThat(ByteBufUtil.getBytes(dst)).containsExactly(2, 2, 1, 1, 1, 1, 2, 2);
        buffer.release();
    }

    @Test
    void duplicateOutOfOrderSegmentsAreCountedOnce() {
        ReceiveBuffer buffer = new ReceiveBuffer(100);
        offer(buffer, 10, 10);
        offer(buffer, 10, 10);
        offer(buffer, 12, 5);
        offer(buffer, 8, 14);
        assertThat(buffer.buffered()).isEqualTo(14);
        assertThat(offer(buffer, 0, 8)).isEqualTo(22);
        assertThat(readAndCheck(buffer, 100)).isEqualTo(22);
        buffer.release();
    }

    @Test
    void segmentsOutOfOrderInReverse() {
        ReceiveBuffer buffer = new ReceiveBuffer(1000);
        for (int p = 90; p > 0; p -= 10) {
            assertThat(offer(buffer, p, 10)).isZero();
        }
        assertThat(offer(buffer, 0, 10)).isEqualTo(100);
        assertThat(readAndCheck(buffer, 1000)).isEqualTo(100);
        buffer.release();
    }

    @Test
    void releaseFreesInOrderAndOutOfOrderBytes() {
        ReceiveBuffer buffer = new ReceiveBuffer(100);
        offer(buffer, 0, 10);
        offer(buffer, 20, 10);
        assertThat(alloc.live()).isEqualTo(2);
        buffer.release();
        assertThat(buffer.buffered()).isZero();
        assertThat(buffer.hasOutOfOrder()).isFalse();
        assertThat(alloc.live()).isZero();
    }

    @Test
    void randomSegmentsReassembleTheStream() {
        int capacity = 5_000;
        ReceiveBuffer buffer = new ReceiveBuffer(capacity);
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            long position = rcvNxt + random.nextInt(capacity + 400) - 300;
            offer(buffer, position, 1 + random.nextInt(600));
            assertThat(buffer.buffered()).isLessThanOrEqualTo(capacity);
            assertThat(buffer.window()).isEqualTo(capacity - buffer.readable());
            if (random.nextInt(4) == 0) {
                readAndCheck(buffer, random.nextInt(2_000));
            }
        }
        readAndCheck(buffer, capacity);
        assertThat(readPosition).isEqualTo(rcvNxt).isGreaterThan(100_000);
        buffer.release();
    }

    @Test
    void outOfOrderBlocksAreMergedRangesRelativeToRcvNxt() {
        ReceiveBuffer buffer = new ReceiveBuffer(10_000);
        offer(buffer, 100, 50);
        offer(buffer, 150, 50);   // touches: one block
        offer(buffer, 300, 10);
        assertThat(buffer.outOfOrderBlocks()).isEqualTo(2);
        assertThat(buffer.blockStart(0)).isEqualTo(100);
        assertThat(buffer.blockEnd(0)).isEqualTo(200);
        assertThat(buffer.blockHolding(199)).isZero();
        assertThat(buffer.blockHolding(200)).isEqualTo(-1);
        assertThat(buffer.firstBlockEndingAfter(200)).isEqualTo(1);
        offer(buffer, 0, 100);    // fills the hole: the first block is now in order
        assertThat(rcvNxt).isEqualTo(200);
        assertThat(buffer.outOfOrderBlocks()).isEqualTo(1);
        assertThat(buffer.blockStart(0)).isEqualTo(100);
        buffer.release();
        assertThat(buffer.outOfOrderBlocks()).isZero();
    }

    @Test
    void aLimitBeyondTheWindowIsHonoured() {
        ReceiveBuffer buffer = new ReceiveBuffer(100);
        ByteBuf segment = alloc.buffer(120).writeZero(120);
        assertThat(buffer.offer(0, segment, 107)).as("an advertised window rounded up past the buffer").isEqualTo(107);
        assertThat(buffer.window()).isEqualTo(-7);
        segment.release();
        buffer.release();
    }

    @Test
    void rejectsNonPositiveCapacity() {
        assertThatThrownBy(() -> new ReceiveBuffer(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
