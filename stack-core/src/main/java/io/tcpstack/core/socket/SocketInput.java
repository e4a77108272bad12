package io.tcpstack.core.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.tcp.TcpEndpoint;
import io.tcpstack.core.tcp.TcpState;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The bytes from the peer. A read that finds no local bytes asks the loop to pull up to
 * {@link #CHUNK} bytes from the endpoint in one task (RFC 9293 §3.10.3 RECEIVE) and waits; the
 * loop wakes it when the pull ends and again on {@code onReadable} or {@code onClosed}. Bytes
 * received before the peer's FIN stay in the endpoint past an orderly end of the connection until
 * the socket is closed, so pulls go on after CLOSED. Fields are guarded by the {@link SocketCore#lock}.
 */
final class SocketInput extends InputStream {
    /** Most bytes a pull moves from the endpoint per loop task. */
    static final int CHUNK = 64 * 1024;

    private final SocketCore core;

    /**
     * Guarded by lock: bytes pulled and not yet read are {@code chunk[chunkPos..chunkEnd)}; null
     * when none. When non-null it is {@link #pullBuffer}'s array.
     */
    private byte[] chunk;

    /**
     * Loop-confined: the one {@link #CHUNK}-byte buffer every pull fills, made by the first pull.
     * A pull is queued only while {@link #chunk} is null and one at a time, so no reader reads
     * its array while the loop writes it.
     */
    private ByteBuf pullBuffer;

    /** Guarded by lock: next unread index in {@link #chunk}. */
    private int chunkPos;

    /** Guarded by lock: end of the pulled bytes in {@link #chunk}. */
    private int chunkEnd;

    /**
     * Guarded by lock: the endpoint may hold bytes or an end not pulled yet. Set by the events and
     * by a pull that left bytes behind; cleared when a pull is queued.
     */
    private boolean pending = true;

    /** Guarded by lock: a pull task is queued or running on the loop. */
    private boolean pulling;

    /** Guarded by lock: readers waiting for bytes with none pulled ({@link #readableOnLoop} queues their pull). */
    private int readersWaiting;
    /** How long one read may block ({@code SO_TIMEOUT}); 0 for as long as it takes. Guarded by lock. */
    private long readTimeoutNanos;

    /** Guarded by lock: every byte before the peer's FIN has been pulled; once {@link #chunk} is read, reads return -1. */
    private boolean eof;

    SocketInput(SocketCore core) {
        this.core = core;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        core.lock.lock();
        try {
            long timeout = readTimeoutNanos;
            long deadline = System.nanoTime() + timeout;
            while (true) {
                core.checkOpen();
                if (len == 0) {
                    return 0;
                }
                if (chunk != null) {
                    return copyOut(b, off, len);
                }
                // As Linux does, an error outranks the end of the stream.
                core.checkNoFailure();
                if (eof) {
                    return -1;
                }
                if (pending && !pulling) {
                    core.loop.execute(this::pullOnLoop);
                    pending = false;
                    pulling = true;
                }
                readersWaiting++;
                try {
                    if (timeout == 0) {
                        core.awaitChange(0);
                    } else if (!core.awaitChange(0, deadline)) {
                        throw new java.net.SocketTimeoutException("Read timed out"); // as java.net.Socket: still usable
                    }
                } finally {
                    readersWaiting--;
                }
            }
        } finally {
            core.lock.unlock();
        }
    }

    /** Bounds how long each read blocks; {@link java.time.Duration#ZERO} for no bound. */
    void readTimeout(java.time.Duration timeout) {
        core.lock.lock();
        try {
            readTimeoutNanos = timeout.toNanos();
        } finally {
            core.lock.unlock();
        }
    }

    /** Bytes readable without blocking: those pulled plus those the endpoint holds. */
    @Override
    public int available() throws IOException {
        core.lock.lock();
        try {
            core.checkOpen();
        } finally {
            core.lock.unlock();
        }
        return core.loop.call(() -> {
            core.lock.lock();
            try {
                return (chunk == null ? 0 : chunkEnd - chunkPos) + core.endpoint().readableBytes();
            } finally {
                core.lock.unlock();
            }
        });
    }

    /** Closes the whole socket, as {@link java.net.Socket}'s stream does. */
    @Override
    public void close() throws IOException {
        core.close();
    }

    /** Lock held: the endpoint may have more for us. */
    void markPending() {
        pending = true;
    }

    /**
     * On the loop, lock held: bytes arrived. Nobody is woken for them: a pull already queued takes
     * them too (it runs after the read batch) and wakes the reader when it ends; a reader waiting
     * with nothing pulled gets its pull queued from here, so it wakes once, with bytes; otherwise
     * the next read finds them pending.
     */
    void readableOnLoop() {
        if (pulling) {
            return;
        }
        if (readersWaiting > 0 && chunk == null && core.loop.executeOnLoop(this::pullOnLoop)) {
            pulling = true;
            pending = false;
            return;
        }
        pending = true;
        if (readersWaiting > 0) {
            core.changed.signalAll(); // the loop is stopping: the reader's own pull request tells it so
        }
    }

    /** Lock held: the application closed the socket; drops the pulled bytes and returns how many were unread. */
    int discard() {
        int unread = chunk == null ? 0 : chunkEnd - chunkPos;
        chunk = null;
        return unread;
    }

    private int copyOut(byte[] b, int off, int len) {
        int n = Math.min(len, chunkEnd - chunkPos);
        System.arraycopy(chunk, chunkPos, b, off, n);
        chunkPos += n;
        if (chunkPos == chunkEnd) {
            chunk = null;
        }
        return n;
    }

    /** On the loop, the pull a read asked for: RECEIVE up to {@link #CHUNK} bytes, note whether the stream ended, wake readers. */
    private void pullOnLoop() {
        TcpEndpoint endpoint = core.endpoint();
        int n = Math.min(endpoint.readableBytes(), CHUNK);
        if (n > 0 && pullBuffer == null) {
            pullBuffer = Unpooled.wrappedBuffer(new byte[CHUNK]);
        }
        int received = n == 0 ? 0 : endpoint.read(pullBuffer.clear(), n);
        boolean more = endpoint.readableBytes() > 0;
        // The FIN was read, or the connection is gone so nothing more can arrive.
        boolean ended = endpoint.isInputShutdown() || (!more && endpoint.state() == TcpState.CLOSED);
        core.lock.lock();
        try {
            if (received > 0 && !core.isClosed()) {
                chunk = pullBuffer.array();
                chunkPos = 0;
                chunkEnd = received;
            }
            pending |= more;
            eof |= ended;
            pulling = false;
            core.changed.signalAll();
        } finally {
            core.lock.unlock();
        }
    }
}
