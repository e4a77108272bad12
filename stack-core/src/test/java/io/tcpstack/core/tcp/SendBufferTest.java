package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendBufferTest {
    private static final int CHUNK = SendBuffer.MAX_CHUNK_SIZE;

    private final TrackingAllocator alloc = new TrackingAllocator();

    /** Next stream byte to append; stream byte i has value {@link #at(long)}. */
    private long written;

    @AfterEach
    void nothingLeaks() {
        alloc.assertAllReleased();
    }

    private static byte at(long streamOffset) {
        return (byte) (streamOffset * 31 + (streamOffset >>> 8));
    }

    private ByteBuf stream(int length) {
        ByteBuf src = Unpooled.buffer(length);
        for (int i = 0; i < length; i++) {
            src.writeByte(at(written + i));
        }
        return src;
    }

    private int append(SendBuffer buffer, int length) {
        ByteBuf src = stream(length);
        int n = buffer.append(src);
        written += n;
        src.release();
        return n;
    }

    private static void assertStream(ByteBuf slice, long streamOffset) {
        byte[] bytes = ByteBufUtil.getBytes(slice);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != at(streamOffset + i)) {
                throw new AssertionError("byte " + (streamOffset + i) + " differs");
            }
        }
    }

    @Test
    void appendCopiesUpToSpaceAndAdvancesSource() {
        SendBuffer buffer = new SendBuffer(alloc, 100);
        assertThat(buffer.space()).isEqualTo(100);
        ByteBuf src = stream(150);
        assertThat(buffer.append(src)).isEqualTo(100);
        assertThat(src.readerIndex()).isEqualTo(100);
        assertThat(buffer.size()).isEqualTo(100);
        assertThat(buffer.space()).isZero();
        assertThat(buffer.append(src)).isZero();
        assertThat(src.readerIndex()).isEqualTo(100);
        src.release();
        buffer.release();
        assertThat(buffer.size()).isZero();
    }

    @Test
    void sliceIsARetainedViewRelativeToSndUna() {
        SendBuffer buffer = new SendBuffer(alloc, 1000);
        append(buffer, 300);
        buffer.ack(100);
        ByteBuf slice = buffer.slice(50, 100);
        assertThat(slice.readableBytes()).isEqualTo(100);
        assertStream(slice, 150);
        slice.release();
        buffer.release();
        assertThat(slice.refCnt()).isZero();
    }

    @Test
    void sliceOutlivesTheAckAndReleaseThatCoverIt() {
        SendBuffer buffer = new SendBuffer(alloc, 1000);
        append(buffer, 200);
        ByteBuf inFlight = buffer.slice(0, 200);
        buffer.ack(200);
        buffer.release();
        assertThat(alloc.live()).as("the chunk stays alive for the slice").isEqualTo(1);
        assertStream(inFlight, 0);
        inFlight.release();
        assertThat(alloc.live()).isZero();
    }

    @Test
    void sliceSpanningChunksJoinsThem() {
        SendBuffer buffer = new SendBuffer(alloc, 3 * CHUNK);
        append(buffer, 3 * CHUNK);
        assertThat(alloc.allocations()).isEqualTo(3);
        ByteBuf slice = buffer.slice(CHUNK - 10, CHUNK + 20);
        assertThat(slice.readableBytes()).isEqualTo(CHUNK + 20);
        assertStream(slice, CHUNK - 10);
        slice.release();
        buffer.release();
    }

    @Test
    void ackReleasesPassedChunks() {
        SendBuffer buffer = new SendBuffer(alloc, 3 * CHUNK);
        append(buffer, 3 * CHUNK);
        buffer.ack(CHUNK + 1);
        assertThat(alloc.live()).isEqualTo(2);
        assertThat(buffer.size()).isEqualTo(2 * CHUNK - 1);
        assertThat(buffer.space()).isEqualTo(CHUNK + 1);
        ByteBuf slice = buffer.slice(0, 10);
        assertStream(slice, CHUNK + 1);
        slice.release();
        buffer.ack(2 * CHUNK - 1);
        assertThat(alloc.live()).as("an empty buffer holds no chunk").isZero();
    }

    @Test
    void ringWrapsAroundOverALongStream() {
        SendBuffer buffer = new SendBuffer(alloc, 2 * CHUNK + 100);
        Random random = new Random(42);
        long una = 0;
        for (int round = 0; round < 2_000; round++) {
            append(buffer, random.nextInt(CHUNK));
            assertThat(buffer.size()).isEqualTo(written - una);
            int offset = buffer.size() == 0 ? 0 : random.nextInt(buffer.size());
            int length = random.nextInt(buffer.size() - offset + 1);
            ByteBuf slice = buffer.slice(offset, length);
            assertThat(slice.readableBytes()).isEqualTo(length);
            assertStream(slice, una + offset);
            slice.release();
            int acked = random.nextInt(buffer.size() + 1);
            buffer.ack(acked);
            una += acked;
            assertThat(alloc.live()).isLessThanOrEqualTo(4);
        }
        buffer.release();
    }

    @Test
    void smallCapacityUsesSmallChunks() {
        SendBuffer buffer = new SendBuffer(alloc, 10);
        for (int i = 0; i < 25; i++) {
            assertThat(append(buffer, 7)).isEqualTo(7);
            ByteBuf slice = buffer.slice(0, buffer.size());
            assertStream(slice, written - buffer.size());
            slice.release();
            buffer.ack(5);
            assertThat(buffer.space()).isGreaterThanOrEqualTo(3);
            buffer.ack(buffer.size());
        }
        buffer.release();
    }

    @Test
    void emptySliceIsAllowedAtTheEnd() {
        SendBuffer buffer = new SendBuffer(alloc, 10);
        append(buffer, 4);
        ByteBuf empty = buffer.slice(4, 0);
        assertThat(empty.readableBytes()).isZero();
        empty.release();
        buffer.release();
    }

    @Test
    void rejectsOutOfRangeRequests() {
        SendBuffer buffer = new SendBuffer(alloc, 100);
        append(buffer, 10);
        assertThatThrownBy(() -> buffer.slice(5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> buffer.slice(-1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> buffer.ack(11)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> buffer.ack(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(buffer.size()).isEqualTo(10);
        assertThatThrownBy(() -> new SendBuffer(alloc, 0)).isInstanceOf(IllegalArgumentException.class);
        buffer.release();
    }

    /** The ring is made by the first append, doubles past its first slots while the head sits mid-ring, and goes when empty. */
    @Test
    void theRingGrowsFromAWrappedHeadAndEveryChunkGoesWhenEmpty() {
        SendBuffer buffer = new SendBuffer(alloc, 16 * CHUNK);
        long start = written;
        append(buffer, 3 * CHUNK - 100); // three of the four first slots
        buffer.ack(CHUNK + 50);         // the head moves to the second slot
        start += CHUNK + 50;
        append(buffer, 9 * CHUNK);      // wraps, then grows twice
        ByteBuf all = buffer.slice(0, buffer.size());
        assertStream(all, start);
        all.release();
        buffer.ack(buffer.size());
        assertThat(buffer.size()).isZero();
        assertThat(alloc.live()).as("chunks held by an empty buffer").isZero();
        append(buffer, 10);             // usable again after emptying
        buffer.release();
    }
}
