package io.tcpstack.netty;

import io.netty.channel.IoEvent;
import io.netty.channel.IoHandle;
import io.netty.channel.IoRegistration;

/**
 * What a channel over the stack registers with its event loop's {@link TcpStackIoHandler}: no
 * file descriptor and no readiness events (the stack calls its channels on the loop directly),
 * only the promise to close at once when the loop shuts down.
 */
public interface TcpStackIoHandle extends IoHandle {
    /** Closes the channel at once, without waiting for anything (the loop is going away). */
    void closeNow();

    /** No I/O event ever reaches a tcpstack channel through the loop. */
    @Override
    default void handle(IoRegistration registration, IoEvent event) {
        throw new IllegalStateException("unexpected I/O event for a tcpstack channel: " + event);
    }

    @Override
    default void close() {
        closeNow();
    }
}
