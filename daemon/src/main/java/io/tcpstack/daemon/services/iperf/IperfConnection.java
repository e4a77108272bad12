package io.tcpstack.daemon.services.iperf;

import java.io.IOException;

/**
 * What one identified connection of the iperf3 server does with its stream's events: the control
 * connection of a test ({@link ControlSession}) or one of its data streams ({@link IperfStream}).
 * Called on the event loop only.
 */
sealed interface IperfConnection permits ControlSession, IperfStream {
    void readable();

    void writable();

    /** The connection is over; {@code error} as in {@link io.tcpstack.core.socket.StreamHandler#onClosed}. */
    void closed(IOException error);
}
