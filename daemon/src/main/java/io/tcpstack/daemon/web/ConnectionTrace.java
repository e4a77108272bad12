package io.tcpstack.daemon.web;

import io.tcpstack.daemon.control.TraceEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The recorded events of one connection, for the web view: its first {@link ConnectionLog#EVENTS_KEPT}
 * events (later ones only counted), and the stack's state as its last state change left it.
 * Guarded by the {@link ConnectionLog} that holds it.
 */
final class ConnectionTrace {
    final long id;
    final String local;
    final String peer;
    final List<TraceEvent> events = new ArrayList<>();
    /** Events not kept because {@link #events} was full. */
    long omitted;
    /** The stack's state; null until a state change shows it. */
    String state;
    boolean closed;

    ConnectionTrace(long id, TraceEvent first) {
        this.id = id;
        this.local = first.localAddress() + ":" + first.localPort();
        this.peer = first.peerAddress() + ":" + first.peerPort();
    }

    void add(TraceEvent e, int limit) {
        if (events.size() < limit) {
            events.add(e);
        } else {
            omitted++;
        }
        if (TraceEvent.STATE.equals(e.type())) {
            state = e.to();
            closed = "CLOSED".equals(e.to());
        }
    }

    long segments() {
        return events.stream().filter(TraceEvent::segment).count();
    }

    Summary summary() {
        return new Summary(id, local, peer, state, closed, segments(), omitted);
    }

    /**
     * One row of the connection list, as {@code /connections.json} gives it.
     *
     * @param state    the stack's state, null before any state change was seen
     * @param segments segments kept
     * @param omitted  events beyond the first {@link ConnectionLog#EVENTS_KEPT}, not kept
     */
    record Summary(long id, String local, String peer, String state, boolean closed, long segments, long omitted) {
    }
}
