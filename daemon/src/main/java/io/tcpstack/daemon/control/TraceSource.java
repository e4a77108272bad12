package io.tcpstack.daemon.control;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Where the {@code trace} command gets its records: every queue's stack. */
public interface TraceSource {
    /** How long installing the taps may take. */
    long INSTALL_TIMEOUT_MILLIS = 2000;

    /** Starts feeding {@code subscription} the records its filter selects, on every queue, once this returns. */
    void subscribe(TraceSubscription subscription) throws IOException;

    /** Stops feeding it; tracing ends on a loop when its last subscription goes. */
    void unsubscribe(TraceSubscription subscription);

    /** The taps of every queue, each fed by its own loop. */
    static TraceSource of(List<TraceTap> taps) {
        return new TraceSource() {
            @Override
            public void subscribe(TraceSubscription subscription) throws IOException {
                try {
                    CompletableFuture.allOf(taps.stream().map(tap -> tap.add(subscription))
                            .toArray(CompletableFuture[]::new)).get(INSTALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException | ExecutionException e) {
                    unsubscribe(subscription);
                    throw new SocketException("the stack is stopping");
                } catch (TimeoutException e) {
                    unsubscribe(subscription);
                    throw new SocketTimeoutException("the stack's event loop did not answer within "
                            + INSTALL_TIMEOUT_MILLIS + " ms");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    unsubscribe(subscription);
                    throw new IOException("interrupted while installing the trace", e);
                }
            }

            @Override
            public void unsubscribe(TraceSubscription subscription) {
                taps.forEach(tap -> tap.remove(subscription));
            }
        };
    }
}
