package io.tcpstack.daemon.control;

import java.io.IOException;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/** Where the {@code trace} command gets its records: every queue's stack. */
public interface TraceSource {
    /** Starts feeding {@code subscription} the records its filter selects, on every queue. */
    void subscribe(TraceSubscription subscription) throws IOException;

    /** Stops feeding it; tracing ends on a loop when its last subscription goes. */
    void unsubscribe(TraceSubscription subscription);

    /** The taps of every queue, each fed by its own loop. */
    static TraceSource of(List<TraceTap> taps) {
        return new TraceSource() {
            @Override
            public void subscribe(TraceSubscription subscription) throws IOException {
                try {
                    taps.forEach(tap -> tap.add(subscription));
                } catch (RejectedExecutionException e) {
                    unsubscribe(subscription);
                    throw new SocketException("the stack is stopping");
                }
            }

            @Override
            public void unsubscribe(TraceSubscription subscription) {
                taps.forEach(tap -> tap.remove(subscription));
            }
        };
    }
}
