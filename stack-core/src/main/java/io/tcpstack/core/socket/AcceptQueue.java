package io.tcpstack.core.socket;

import io.tcpstack.core.tcp.TcpEndpoint;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Connections a listener handed over (on the loop) and {@code accept()} has not taken yet
 * (application threads). Bounded by the backlog: a connection that finds it full, or the listener
 * closed, is reset. Linux would instead ignore the final ACK of the handshake, but the engine
 * hands over connections only once they are ESTABLISHED.
 */
final class AcceptQueue implements Consumer<TcpEndpoint> {
    private final LoopBridge loop;

    /** Most connections waiting here at once. */
    private final int backlog;

    /** Guards {@link #ready} and {@link #closed}. */
    private final ReentrantLock lock = new ReentrantLock();

    /** Signalled (all) when a connection arrives or the queue closes. */
    private final Condition changed = lock.newCondition();

    /** Guarded by lock: at most {@link #backlog} sockets, oldest first; empty once closed. */
    private final ArrayDeque<TcpStreamSocket> ready = new ArrayDeque<>();

    /** Guarded by lock: the listener was closed; nothing is queued any more. */
    private boolean closed;

    AcceptQueue(LoopBridge loop, int backlog) {
        this.loop = loop;
        this.backlog = backlog;
    }

    /** On the loop: a connection completed its handshake. */
    @Override
    public void accept(TcpEndpoint endpoint) {
        lock.lock();
        try {
            if (!closed && ready.size() < backlog) {
                ready.add(new TcpStreamSocket(SocketCore.accepted(loop, endpoint)));
                changed.signalAll();
                return;
            }
        } finally {
            lock.unlock();
        }
        endpoint.abort();
    }

    /** Blocks until a connection is queued; throws "Socket closed" once the queue is closed. */
    TcpStreamSocket take() throws SocketException, InterruptedIOException {
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new SocketException("Socket closed");
                }
                TcpStreamSocket socket = ready.poll();
                if (socket != null) {
                    return socket;
                }
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    throw SocketCore.interrupted(0);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the queue and wakes every waiting {@link #take()}.
     *
     * @return the connections that were never taken (to be reset on the loop), or null if the queue was already closed
     */
    List<TcpStreamSocket> close() {
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            closed = true;
            List<TcpStreamSocket> orphans = List.copyOf(ready);
            ready.clear();
            changed.signalAll();
            return orphans;
        } finally {
            lock.unlock();
        }
    }
}
