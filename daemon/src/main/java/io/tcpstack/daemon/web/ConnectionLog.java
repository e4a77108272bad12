package io.tcpstack.daemon.web;

import io.tcpstack.daemon.control.TraceEvent;
import io.tcpstack.daemon.control.TraceFilter;
import io.tcpstack.daemon.control.TraceSource;
import io.tcpstack.daemon.control.TraceSubscription;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the web view draws: the traced events of live and recently closed connections, from a
 * trace subscription of its own (the same taps as {@code tcpstack trace}). Recording starts when
 * the view is first opened ({@link #viewed}) and stops once nobody has looked for
 * {@link #IDLE_NANOS}, so a daemon nobody watches pays nothing for it. Bounded: at most
 * {@link #LIVE_KEPT} live connections (the oldest then goes to the closed ones), the last
 * {@link #CLOSED_KEPT} closed ones, the first {@link #EVENTS_KEPT} events of each.
 */
public final class ConnectionLog implements AutoCloseable {
    public static final int LIVE_KEPT = 256;
    public static final int CLOSED_KEPT = 64;
    public static final int EVENTS_KEPT = 500;
    /** Recording stops this long after the last view. */
    static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final long POLL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final TraceSource source;
    /** Live connections by 4-tuple ({@link TraceEvent#connection()}), oldest first. */
    private final Map<String, ConnectionTrace> live = new LinkedHashMap<>();
    /** Closed connections, newest first. */
    private final Deque<ConnectionTrace> closed = new ArrayDeque<>();
    private long nextId = 1;
    /** Records the daemon dropped because the view did not keep up. */
    private long dropped;
    /** While recording, else null. */
    private TraceSubscription subscription;
    private long lastViewed;
    private boolean shut;

    public ConnectionLog(TraceSource source) {
        this.source = source;
    }

    /**
     * The view was opened: recording runs from now on (started if it was not) for at least {@link #IDLE_NANOS}.
     *
     * @throws IOException when the stack's loops cannot install the trace (the stack is stopping)
     */
    public void viewed() throws IOException {
        TraceSubscription started;
        synchronized (this) {
            lastViewed = System.nanoTime();
            if (subscription != null || shut) {
                return;
            }
            started = new TraceSubscription(TraceFilter.ALL);
            subscription = started;
        }
        try {
            source.subscribe(started);
        } catch (IOException e) {
            synchronized (this) {
                subscription = null;
            }
            throw e;
        }
        Thread.ofPlatform().daemon().name("tcpstack-web-trace").start(() -> drain(started));
    }

    /** On the recording thread: the subscription's events into the log until nobody looks any more. */
    private void drain(TraceSubscription s) {
        try {
            while (true) {
                TraceEvent e = s.next(POLL_NANOS);
                synchronized (this) {
                    if (shut || (e == null && System.nanoTime() - lastViewed > IDLE_NANOS)) {
                        subscription = null;
                        return;
                    }
                    if (e != null) {
                        record(e);
                    }
                    dropped = s.dropped();
                }
            }
        } finally {
            source.unsubscribe(s);
        }
    }

    /** Adds one event to its connection's trace (a new trace for a 4-tuple not live). */
    synchronized void record(TraceEvent e) {
        if (!e.segment() && !TraceEvent.STATE.equals(e.type())) {
            return;
        }
        String key = e.connection();
        ConnectionTrace trace = live.get(key);
        if (trace == null) {
            if (live.size() >= LIVE_KEPT) {
                String oldest = live.keySet().iterator().next();
                retire(live.remove(oldest));
            }
            trace = new ConnectionTrace(nextId++, e);
            live.put(key, trace);
        }
        trace.add(e, EVENTS_KEPT);
        if (trace.closed) {
            retire(live.remove(key));
        }
    }

    private void retire(ConnectionTrace trace) {
        closed.addFirst(trace);
        while (closed.size() > CLOSED_KEPT) {
            closed.removeLast();
        }
    }

    /** Live connections (oldest first), then closed ones (newest first). */
    public synchronized List<ConnectionTrace.Summary> connections() {
        List<ConnectionTrace.Summary> all = new ArrayList<>();
        live.values().forEach(t -> all.add(t.summary()));
        closed.forEach(t -> all.add(t.summary()));
        return all;
    }

    /** One connection's summary and a copy of its events; empty for an id not (or no longer) kept. */
    public synchronized Optional<Recorded> connection(long id) {
        for (ConnectionTrace t : live.values()) {
            if (t.id == id) {
                return Optional.of(new Recorded(t.summary(), List.copyOf(t.events)));
            }
        }
        for (ConnectionTrace t : closed) {
            if (t.id == id) {
                return Optional.of(new Recorded(t.summary(), List.copyOf(t.events)));
            }
        }
        return Optional.empty();
    }

    public synchronized long dropped() {
        return dropped;
    }

    /** A connection's summary and events, to draw outside the log's lock. */
    public record Recorded(ConnectionTrace.Summary summary, List<TraceEvent> events) {
    }

    /** Stops recording for good (the daemon stops). */
    @Override
    public synchronized void close() {
        shut = true;
    }
}
