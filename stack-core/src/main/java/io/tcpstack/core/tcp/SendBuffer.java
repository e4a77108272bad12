package io.tcpstack.core.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The send queue of one connection: bytes the user handed to SEND, starting at SND.UNA
 * (RFC 9293 §3.3.1). Offsets are relative to SND.UNA; unacknowledged and not-yet-sent bytes are
 * held alike, the split between them (SND.NXT) is the caller's.
 *
 * <p>Bytes live in a ring of equally sized chunks from the allocator, copied once on
 * {@link #append}. Byte {@code offset} sits in chunk {@code (head + (first + offset) / chunkSize)}
 * at index {@code (first + offset) % chunkSize}, so {@link #slice} is O(1) for a segment within a
 * chunk. {@link #ack} only moves an index and releases chunks it has passed; a slice handed out
 * earlier keeps its chunk alive by its own reference, so a segment still queued for output stays
 * valid after the ACK that covers it.
 *
 * <p>An empty buffer holds nothing but its counters: the ring is made by the first append, grows
 * by doubling as chunks are added, and is dropped with the last chunk, so an idle connection pays
 * no memory for its send queue.
 *
 * <p>Confined to the connection's event loop.
 */
final class SendBuffer {
    /** Upper bound on the size of one chunk. */
    static final int MAX_CHUNK_SIZE = 16 * 1024;

    /** Where chunks come from. */
    private final ByteBufAllocator alloc;

    /** Most bytes held at once; {@code size <= capacity}. */
    private final int capacity;

    /** Size of every chunk: every chunk but the last is full (writerIndex == chunkSize). */
    private final int chunkSize;

    /** Ring slots made by the first append: enough for a few segments' worth of bytes. */
    private static final int INITIAL_SLOTS = 4;


    /**
     * Ring of chunks; {@code count} of them starting at {@code head} are live, the rest null.
     * Null exactly when {@code count == 0}; otherwise at most {@link #maxSlots()} long.
     */
    private ByteBuf[] chunks;

    /** Ring index of the chunk holding SND.UNA. */
    private int head;

    /** Number of live chunks; 0 exactly when nothing is held. */
    private int count;

    /** Bytes held (unacknowledged + unsent), from the head chunk's readerIndex on. */
    private int size;

    public SendBuffer(ByteBufAllocator alloc, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("send buffer capacity must be positive: " + capacity);
        }
        this.alloc = alloc;
        this.capacity = capacity;
        this.chunkSize = Math.min(capacity, MAX_CHUNK_SIZE);
    }

    /** Bytes that {@link #append} can still take. */
    public int space() {
        return capacity - size;
    }

    /** Bytes held: unacknowledged plus not yet sent. */
    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Copies up to {@link #space()} readable bytes of {@code src} into the buffer, advancing its
     * readerIndex. The caller keeps ownership of {@code src}.
     *
     * @return bytes copied
     */
    public int append(ByteBuf src) {
        return append(src, Integer.MAX_VALUE);
    }

    /** {@link #append(ByteBuf)}, taking at most {@code max} bytes. */
    public int append(ByteBuf src, int max) {
        int n = Math.min(Math.min(src.readableBytes(), space()), max);
        int remaining = n;
        while (remaining > 0) {
            ByteBuf tail = count == 0 ? null : chunks[ring(count - 1)];
            if (tail == null || !tail.isWritable()) {
                ensureSlot();
                tail = alloc.buffer(chunkSize, chunkSize);
                chunks[ring(count)] = tail;
                count++;
            }
            int k = Math.min(remaining, tail.writableBytes());
            tail.writeBytes(src, k);
            remaining -= k;
        }
        size += n;
        return n;
    }

    /**
     * A view of {@code length} bytes starting {@code offset} bytes after SND.UNA, for
     * (re)transmission: the caller reads it and must not write to it (it shares the buffer's
     * memory; a read-only wrapper would be one more object per segment). The view holds its own
     * reference: the caller must release it.
     */
    public ByteBuf slice(int offset, int length) {
        if (offset < 0 || length < 0 || length > size - offset) {
            throw new IndexOutOfBoundsException(
                    "slice(" + offset + ", " + length + ") outside the " + size + " bytes held");
        }
        if (length == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        int position = chunks[head].readerIndex() + offset;
        int chunk = position / chunkSize;
        int index = position % chunkSize;
        if (index + length <= chunkSize) {
            return chunks[ring(chunk)].retainedSlice(index, length);
        }
        CompositeByteBuf composite = alloc.compositeBuffer(
                (index + length + chunkSize - 1) / chunkSize);
        int remaining = length;
        while (remaining > 0) {
            int k = Math.min(remaining, chunkSize - index);
            composite.addComponent(true, chunks[ring(chunk)].retainedSlice(index, k));
            remaining -= k;
            chunk++;
            index = 0;
        }
        return composite;
    }

    /** Drops {@code n} acknowledged bytes from the front (SND.UNA advances by n). */
    public void ack(int n) {
        if (n < 0 || n > size) {
            throw new IndexOutOfBoundsException("ack of " + n + " bytes with " + size + " held");
        }
        size -= n;
        if (size == 0) {
            release();
            return;
        }
        int remaining = n;
        while (remaining > 0) {
            ByteBuf first = chunks[head];
            int k = Math.min(remaining, first.readableBytes());
            first.skipBytes(k);
            remaining -= k;
            if (!first.isReadable()) {
                // Not the tail: size > 0 means later bytes exist, so this chunk is full and done.
                dropHead();
            }
        }
    }

    /** Releases every chunk and the ring; the buffer is then empty (and may be appended to again). */
    public void release() {
        while (count > 0) {
            dropHead();
        }
        chunks = null;
        head = 0;
        size = 0;
    }

    /** Makes room in the ring for one more chunk: creates it, or doubles it with the live chunks first. */
    private void ensureSlot() {
        if (chunks == null) {
            chunks = new ByteBuf[Math.min(INITIAL_SLOTS, maxSlots())];
        } else if (count == chunks.length) {
            ByteBuf[] grown = new ByteBuf[Math.min(count * 2, maxSlots())];
            for (int i = 0; i < count; i++) {
                grown[i] = chunks[ring(i)];
            }
            chunks = grown;
            head = 0;
        }
    }

    /** Most ring slots ever needed: {@code capacity} bytes starting anywhere in the first chunk (computed, not kept). */
    private int maxSlots() {
        return capacity / chunkSize + 2;
    }

    private void dropHead() {
        chunks[head].release();
        chunks[head] = null;
        head = ring(1);
        count--;
    }

    private int ring(int i) {
        return (head + i) % chunks.length;
    }
}
