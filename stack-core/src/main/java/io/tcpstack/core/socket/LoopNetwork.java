package io.tcpstack.core.socket;

import io.tcpstack.core.time.TimerScheduler;
import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * Event-driven services on the stack's event loop: no thread and no buffer per connection, only
 * the connection's TCB and a {@link LoopStream}. The blocking {@link StreamNetwork} stays the API
 * for code that wants a thread per connection.
 */
public interface LoopNetwork {
    /**
     * Passive OPEN (RFC 9293 §3.10.1) whose connections are served by {@code handler} on the event
     * loop. Callable from any thread but the loop's.
     *
     * @throws java.net.BindException if the port is taken
     */
    LoopListener listen(int port, int backlog, StreamHandler handler) throws IOException;

    /** Timers on the event loop, for handlers (e.g. an {@link IdleTimeout}); usable in callbacks only. */
    TimerScheduler timers();

    /**
     * Runs tasks on the event loop; callable from any thread. Handlers on the loops of several
     * stacks (the queues of one interface) hand each other work through it.
     */
    Executor eventLoop();
}
