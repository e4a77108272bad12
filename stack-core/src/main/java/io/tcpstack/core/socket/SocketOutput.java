package io.tcpstack.core.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.tcp.TcpEndpoint;
import java.io.IOException;
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
                    core.awaitChange(len - src.readableBytes());
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

    /** Lock held: the send buffer has room again. */
    void markSpace() {
        space = true;
    }

    /** On the loop: SEND as much of {@code src} as fits, unless the output was closed meanwhile. */
    private void sendOnLoop(ByteBuf src) {
        if (!core.mayHandOverOnLoop()) {
            return;
        }
        TcpEndpoint endpoint = core.endpoint();
        endpoint.send(src);
        if (endpoint.sendSpace() == 0) {
            core.lock.lock();
            try {
                space = false;
            } finally {
                core.lock.unlock();
            }
        }
    }
}
