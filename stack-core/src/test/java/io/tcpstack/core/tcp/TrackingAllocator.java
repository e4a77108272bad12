package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * Test allocator that remembers every buffer it hands out, so a test can assert that all of
 * them were released. Also switches Netty's leak detector to paranoid.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    private final List<ByteBuf> allocated = new ArrayList<>();

    TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
        allocated.add(buf);
        return buf;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    int allocations() {
        return allocated.size();
    }

    /** Buffers handed out and not yet released. */
    long live() {
        return allocated.stream().filter(b -> b.refCnt() > 0).count();
    }

    void assertAllReleased() {
        assertThat(allocated).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }
}
