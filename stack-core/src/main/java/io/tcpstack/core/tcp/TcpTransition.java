package io.tcpstack.core.tcp;

/**
 * One state change of one connection (RFC 9293 §3.3.2 diagram edge), with what caused it.
 * Addresses are IPv4 in host byte order.
 *
 * @param connectionId unique per layer, in creation order
 * @param cause a short human sentence, e.g. "ACK 2901 acknowledged our SYN"
 */
public record TcpTransition(long connectionId, int localAddress, int localPort, int remoteAddress, int remotePort,
                            TcpState from, TcpState to, String cause) {

    /** Renders the transition as a learner reads it (see {@link #describe()}). */
    @Override
    public String toString() {
        return describe();
    }

    /** E.g. {@code 10.0.0.1:41522 > 10.0.0.2:80 SYN_RECEIVED -> ESTABLISHED (ACK 2901 acknowledged our SYN)}. */
    public String describe() {
        return address(localAddress) + ":" + localPort + " > " + address(remoteAddress) + ":" + remotePort
                + " " + from + " -> " + to + " (" + cause + ")";
    }

    static String address(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }
}
