package io.tcpstack.daemon;

import io.tcpstack.daemon.control.StackInspector;
import io.tcpstack.daemon.control.StackSnapshot;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes each queue's {@link StackSnapshot} as a task on that queue's event loop, the thread that
 * owns its TCP state, and waits for all of them at most {@link #TIMEOUT_MILLIS} in total.
 */
final class LoopInspector implements StackInspector {
    /** How long a snapshot may take before the request fails (a loop that busy is worth knowing about). */
    static final long TIMEOUT_MILLIS = 2000;

    private final List<StackQueue> queues;

    LoopInspector(List<StackQueue> queues) {
        this.queues = List.copyOf(queues);
    }

    @Override
    public List<StackSnapshot> snapshots() throws IOException {
        List<Future<StackSnapshot>> pending = new ArrayList<>(queues.size());
        try {
            for (int i = 0; i < queues.size(); i++) {
                int index = i;
                StackQueue queue = queues.get(i);
                pending.add(queue.channel().eventLoop().submit(
                        () -> StackSnapshot.take(index, queue.stack(), queue.channel().counters())));
            }
        } catch (RejectedExecutionException e) {
            throw new SocketException("the stack is stopping");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        List<StackSnapshot> snapshots = new ArrayList<>(pending.size());
        try {
            for (Future<StackSnapshot> snapshot : pending) {
                snapshots.add(snapshot.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("the stack's event loop did not answer within " + TIMEOUT_MILLIS + " ms");
        } catch (ExecutionException e) {
            throw new IOException("snapshot failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the stack's event loop", e);
        }
        return snapshots;
    }
}
