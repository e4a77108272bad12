package io.tcpstack.daemon.control;

import io.tcpstack.core.tcp.SegmentTap;
import io.tcpstack.core.tcp.TcpLayer;
import io.tcpstack.core.tcp.TcpTransition;
import io.tcpstack.core.tcp.TcpTransitionListener;
import io.tcpstack.core.wire.TcpOptions;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Tracing of one queue's stack: while any {@link TraceSubscription} is subscribed, the layer's
 * {@link SegmentTap} and a transition listener, which copy what each subscription's filter
 * selects into it on the event loop; with none, neither is installed and the layer pays one null
 * check per segment. Installing and removing run as tasks on the loop, which owns the layer.
 */
public final class TraceTap implements SegmentTap, TcpTransitionListener {
    private final int queue;
    private final TcpLayer tcp;
    private final int localAddress;
    private final Executor loop;
    private final List<TraceSubscription> subscriptions = new CopyOnWriteArrayList<>();
    /** Whether the tap is installed; the loop's only. */
    private boolean installed;

    public TraceTap(int queue, TcpLayer tcp, int localAddress, Executor loop) {
        this.queue = queue;
        this.tcp = tcp;
        this.localAddress = localAddress;
        this.loop = loop;
    }

    /**
     * Feeds {@code subscription} from now on; completes once the tap is installed on the loop.
     *
     * @throws RejectedExecutionException when the loop has stopped
     */
    public CompletableFuture<Void> add(TraceSubscription subscription) {
        subscriptions.add(subscription);
        return CompletableFuture.runAsync(this::update, loop);
    }

    public void remove(TraceSubscription subscription) {
        subscriptions.remove(subscription);
        try {
            loop.execute(this::update);
        } catch (RejectedExecutionException e) {
            // the loop has stopped: nothing to trace any more
        }
    }

    /** On the loop: installs the tap while there are subscriptions, removes it when there are none. */
    private void update() {
        boolean wanted = !subscriptions.isEmpty();
        if (wanted == installed) {
            return;
        }
        installed = wanted;
        if (wanted) {
            tcp.addTransitionListener(this);
            tcp.segmentTap(this);
        } else {
            tcp.segmentTap(null);
            tcp.removeTransitionListener(this);
        }
    }

    @Override
    public void segment(boolean inbound, int remoteAddress, int localPort, int remotePort, int seq, int ack,
                        int flags, int window, int dataLength, TcpOptions options) {
        TraceRecord record = null;
        for (TraceSubscription s : subscriptions) {
            if (s.filter().matches(localPort, remoteAddress, remotePort)) {
                if (record == null) {
                    record = TraceRecord.Segment.of(nowMicros(), queue, localAddress, inbound, remoteAddress,
                            localPort, remotePort, seq, ack, flags, window, dataLength, options);
                }
                s.offer(record);
            }
        }
    }

    @Override
    public void onTransition(TcpTransition t) {
        TraceRecord record = null;
        for (TraceSubscription s : subscriptions) {
            if (s.filter().matches(t.localPort(), t.remoteAddress(), t.remotePort())) {
                if (record == null) {
                    record = new TraceRecord.State(nowMicros(), queue, t);
                }
                s.offer(record);
            }
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
