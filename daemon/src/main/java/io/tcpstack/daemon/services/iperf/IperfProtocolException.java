package io.tcpstack.daemon.services.iperf;

import java.io.IOException;

/** The iperf3 client broke the control protocol; the message says how, in one line. */
final class IperfProtocolException extends IOException {
    IperfProtocolException(String message) {
        super(message);
    }
}
