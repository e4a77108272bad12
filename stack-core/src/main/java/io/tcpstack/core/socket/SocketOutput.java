package io.tcpstack.core.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.tcp.TcpEndpoint;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes to the peer. A write hands its bytes to the endpoint's send buffer in loop tasks
 * (RFC 9293 §3.10.2 SEND) and, while that buffer is full, waits for {@code onWritable}: this is
 * the back-pressure. When a write returns, all its bytes are in the stack, which sends them as
 * soon as the windows allow; {@link #flush()} therefore has nothing to do.
 */
final class SocketOutput extends OutputStream {
    private final SocketCore core;

    /** Serialises writers, so the bytes of one write are contiguous in the stream. */
    private final ReentrantLock writeLock = new ReentrantLock();

    /**
     * Guarded by the core's lock: the send buffer may have free space. Cleared by a SEND that
     * left it full, set by {@code onWritable}; both run on the loop, so the last one is right.
     */
    private boolean space = true;

    /**
     * Guarded by the core's lock: the unsent rest of the write that waits for send-buffer space,
     * null when none waits. While it is set the loop hands it to the endpoint as acknowledgments
     * free space ({@link #writableOnLoop}), and wakes the writer only once it is all taken; the
     * writer clears it before it returns, so the loop never reads the caller's array after that.
     */
    private ByteBuf parked;

    SocketOutput(SocketCore core) {
        this.core = core;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ByteBuf src = Unpooled.wrappedBuffer(b, off, len);
        try {
            writeLock.lockInterruptibly();
        } catch (InterruptedException e) {
            throw SocketCore.interrupted(0);
        }
        core.lock.lock();
        try {
            while (true) {
                core.checkWritable();
                if (!src.isReadable()) {
                    return;
                }
                if (space) {
                    core.lock.unlock();
                    try {
                        core.loop.run(() -> sendOnLoop(src));
                    } finally {
                        core.lock.lock();
                    }
                } else {
                    parked = src;
                    try {
                        core.awaitChange(0);
                    } catch (InterruptedIOException e) {
                        // Counted after the wait: the loop may have handed over more of src meanwhile.
                        e.bytesTransferred = len - src.readableBytes();
                        throw e;
                    } finally {
                        parked = null;
                    }
                }
            }
        } finally {
            core.lock.unlock();
            writeLock.unlock();
        }
    }

    /** Closes the whole socket, as {@link java.net.Socket}'s stream does. */
    @Override
    public void close() throws IOException {
        core.close();
    }

    /**
     * On the loop, lock held: an acknowledgment freed send-buffer space. A waiting write's bytes
     * go into it at once, here on the loop; the writer is woken only when they are all taken (or
     * when the output may no longer take them, so it finds out why).
     *
     * @return true if waiters must be woken
     */
    boolean writableOnLoop() {
        space = true;
        if (parked == null) {
            return true;
        }
        if (!core.mayHandOverOnLoop()) {
            return true;
        }
        TcpEndpoint endpoint = core.endpoint();
        endpoint.write(parked);
        space = endpoint.writableBytes() > 0;
        return !parked.isReadable();
    }

    /** On the loop: SEND as much of {@code src} as fits, unless the output was closed meanwhile. */
    private void sendOnLoop(ByteBuf src) {
        if (!core.mayHandOverOnLoop()) {
            return;
        }
        TcpEndpoint endpoint = core.endpoint();
        endpoint.write(src);
        if (endpoint.writableBytes() == 0) {
            core.lock.lock();
            try {
                space = false;
            } finally {
                core.lock.unlock();
            }
        }
    }
}
