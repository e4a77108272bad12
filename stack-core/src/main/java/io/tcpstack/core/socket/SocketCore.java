package io.tcpstack.core.socket;

import io.tcpstack.core.tcp.TcpEndpoint;
import io.tcpstack.core.tcp.TcpEndpointEvents;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What one socket's application threads and the event loop share: the connection's lifecycle as
 * the application sees it, and the {@link TcpEndpointEvents} sink through which the loop updates
 * it and wakes waiting threads.
 *
 * <p>Threading: fields marked "guarded by lock" (here and in {@link SocketInput} and
 * {@link SocketOutput}) are only touched with {@link #lock} held. The loop holds it for a few
 * field writes and a {@code signalAll}; application threads hold it only while checking or
 * copying, and release it while waiting on {@link #changed} or for a loop call. Waiters re-check
 * their condition after every wake-up, and every state change is made and signalled under the
 * lock, so no wake-up is lost. Methods named {@code ...OnLoop} and the event callbacks run on the
 * event loop; everything else runs on application threads.
 */
final class SocketCore implements TcpEndpointEvents {
    /** Runs this socket's endpoint calls on the event loop. */
    final LoopBridge loop;

    /** Guards the shared fields of this socket and its two streams. */
    final ReentrantLock lock = new ReentrantLock();

    /** Signalled (all waiters) whenever a guarded field changes. */
    final Condition changed = lock.newCondition();

    /** The byte stream from the peer. */
    final SocketInput input = new SocketInput(this);

    /** The byte stream to the peer. */
    final SocketOutput output = new SocketOutput(this);

    /** The connection; loop-confined; set once by {@link #attach} before any loop task of this socket runs. */
    private TcpEndpoint endpoint;

    /** Guarded by lock: the handshake completed (the endpoint reached ESTABLISHED). */
    private boolean established;

    /** Guarded by lock: the engine reported the connection over ({@code onClosed}); never reset. */
    private boolean ended;

    /** Guarded by lock: the error the connection ended with; null while open or after an orderly end. */
    private IOException failure;

    /** Guarded by lock: the application called close or abort; every later call fails with "Socket closed". */
    private boolean closed;

    /** Guarded by lock: the application called shutdownOutput (or close); writes fail from then on. */
    private boolean outputShutdown;

    private SocketCore(LoopBridge loop, boolean established) {
        this.loop = loop;
        this.established = established;
    }

    /** A socket for an active open; the caller passes it to {@code TcpService.connect} and then {@link #attach}es. */
    static SocketCore connecting(LoopBridge loop) {
        return new SocketCore(loop, false);
    }

    /**
     * On the loop: a socket for a connection a listener handed over (already ESTABLISHED). Bytes
     * or a FIN that arrived before the handover are taken into account as an {@code onReadable}.
     */
    static SocketCore accepted(LoopBridge loop, TcpEndpoint endpoint) {
        SocketCore core = new SocketCore(loop, true).attach(endpoint);
        endpoint.setEvents(core);
        core.onReadable(endpoint);
        return core;
    }

    /** On the loop: binds the endpoint this socket's calls go to. */
    SocketCore attach(TcpEndpoint endpoint) {
        this.endpoint = endpoint;
        return this;
    }

    /** On the loop: the connection. */
    TcpEndpoint endpoint() {
        return endpoint;
    }

    // ---- event callbacks (on the loop) ----

    @Override
    public void onEstablished(TcpEndpoint endpoint) {
        lock.lock();
        try {
            established = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onReadable(TcpEndpoint endpoint) {
        lock.lock();
        try {
            input.readableOnLoop();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onWritable(TcpEndpoint endpoint) {
        lock.lock();
        try {
            if (output.writableOnLoop()) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onClosed(TcpEndpoint endpoint, IOException error) {
        lock.lock();
        try {
            ended = true;
            failure = error;
            // Blocked readers pull once more: the endpoint now tells whether the stream ended.
            input.markPending();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- application-thread checks and waits (lock held) ----

    /** Lock held: the application closed the socket. */
    boolean isClosed() {
        return closed;
    }

    void checkOpen() throws SocketException {
        if (closed) {
            throw new SocketException("Socket closed");
        }
    }

    /** Throws a copy of the error the connection ended with, if any. */
    void checkNoFailure() throws IOException {
        if (failure != null) {
            throw failureCopy();
        }
    }

    /** Throws unless bytes may still be handed to the connection. */
    void checkWritable() throws IOException {
        checkOpen();
        if (outputShutdown) {
            throw new SocketException("Socket output is shutdown");
        }
        checkNoFailure();
        if (ended) {
            throw new SocketException("Connection closed");
        }
    }

    /** On the loop: true while a SEND may be made (the application has not closed the output). */
    boolean mayHandOverOnLoop() {
        lock.lock();
        try {
            return !closed && !outputShutdown && !ended;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the next signal. On interruption throws {@link InterruptedIOException} (with the
     * thread's interrupt status kept) reporting {@code transferred} bytes; the socket stays usable.
     */
    void awaitChange(int transferred) throws InterruptedIOException {
        try {
            changed.await();
        } catch (InterruptedException e) {
            throw interrupted(transferred);
        }
    }

    /** As {@link #awaitChange(int)}, but no later than {@code deadline} ({@link System#nanoTime()}); false once it passed. */
    boolean awaitChange(int transferred, long deadline) throws InterruptedIOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        try {
            changed.awaitNanos(remaining);
            return true;
        } catch (InterruptedException e) {
            throw interrupted(transferred);
        }
    }

    static InterruptedIOException interrupted(int transferred) {
        Thread.currentThread().interrupt();
        InterruptedIOException x = new InterruptedIOException("Interrupted while blocked on socket");
        x.bytesTransferred = transferred;
        return x;
    }

    /**
     * Waits until the handshake completes. Throws the engine's error (e.g. {@link ConnectException}
     * "Connection refused"), or {@link SocketTimeoutException} once {@code timeoutNanos} have passed
     * ({@code 0}: no limit).
     */
    void awaitEstablished(long timeoutNanos) throws IOException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + timeoutNanos;
            while (!established) {
                checkNoFailure();
                if (ended) {
                    throw new ConnectException("Connection closed during handshake");
                }
                if (timeoutNanos == 0) {
                    awaitChange(0);
                } else if (!awaitChange(0, deadline)) {
                    throw new SocketTimeoutException("Connect timed out");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- user calls ----

    /**
     * Graceful close (RFC 9293 §3.10.4 CLOSE): queued bytes are sent, then FIN. Idempotent. If
     * received bytes were left unread here, the peer gets an RST instead, which tells it that data
     * was lost (RFC 1122 §4.2.2.13; the engine does the same for bytes it still holds).
     */
    void close() throws IOException {
        int unread = markClosed();
        if (unread >= 0) {
            loop.run(() -> closeOnLoop(unread > 0));
        }
    }

    /** Abortive close (RFC 9293 §3.10.5 ABORT). Idempotent; never throws. */
    void abort() {
        if (markClosed() >= 0) {
            try {
                loop.run(this::abortOnLoop);
            } catch (IOException stackStopped) {
                // No loop runs: there is no connection left to reset.
            }
        }
    }

    /** Half-close: FIN after the queued bytes. Idempotent. */
    void shutdownOutput() throws IOException {
        lock.lock();
        try {
            checkOpen();
            if (outputShutdown) {
                return;
            }
            outputShutdown = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        loop.run(this::shutdownOutputOnLoop);
    }

    /** Applies a socket option to the endpoint, on the loop; fails once the socket is closed. */
    void configure(java.util.function.Consumer<TcpEndpoint> option) throws IOException {
        lock.lock();
        try {
            checkOpen();
        } finally {
            lock.unlock();
        }
        loop.run(() -> option.accept(endpoint));
    }

    /**
     * Marks the socket closed for the application, drops its unread bytes and wakes every waiter.
     *
     * @return how many unread bytes were dropped, or -1 if the socket was already closed
     */
    private int markClosed() {
        lock.lock();
        try {
            if (closed) {
                return -1;
            }
            closed = true;
            outputShutdown = true;
            changed.signalAll();
            return input.discard();
        } finally {
            lock.unlock();
        }
    }

    /**
     * In CLOSED the engine frees the bytes it kept past an orderly end; in CLOSING, LAST-ACK and
     * TIME-WAIT our FIN is out already (RFC 9293 §3.10.4), and the engine drops its own unread bytes.
     */
    private void closeOnLoop(boolean dataLost) {
        switch (endpoint.state()) {
            case CLOSED, CLOSING, LAST_ACK, TIME_WAIT -> endpoint.close();
            default -> {
                if (dataLost) {
                    endpoint.abort();
                } else {
                    endpoint.close();
                }
            }
        }
    }

    /** On the loop: RST unless the connection is already gone (§3.10.5); frees what the engine kept past its end. */
    void abortOnLoop() {
        endpoint.abort();
    }

    private void shutdownOutputOnLoop() {
        switch (endpoint.state()) {
            // The only states in which our FIN has not been queued yet (§3.10.4).
            case ESTABLISHED, CLOSE_WAIT -> endpoint.shutdownOutput();
            default -> {}
        }
    }

    /** The connection's error as a new exception of the same kind, thrown from the caller's stack. */
    private IOException failureCopy() {
        String message = failure.getMessage();
        IOException copy = switch (failure) {
            case ConnectException e -> new ConnectException(message);
            case SocketTimeoutException e -> new SocketTimeoutException(message);
            default -> new SocketException(message);
        };
        copy.initCause(failure);
        return copy;
    }
}
