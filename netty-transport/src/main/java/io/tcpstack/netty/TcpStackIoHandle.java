package io.tcpstack.netty;

import io.netty.channel.IoHandle;

/**
 * What a channel over the stack registers with its event loop's {@link TcpStackIoHandler}: no
 * file descriptor, only the promise to close at once when the loop shuts down.
 */
public interface TcpStackIoHandle extends IoHandle {
    /** Closes the channel at once, without waiting for anything (the loop is going away). */
    void closeNow();
}
