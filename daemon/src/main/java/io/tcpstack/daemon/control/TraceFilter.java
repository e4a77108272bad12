package io.tcpstack.daemon.control;

import com.fasterxml.jackson.annotation.JsonInclude;
/**
 * Which connections a trace follows: a local port, a peer port, either, a peer address; each
 * null for any. With the stack's one address, local port, peer address and peer port name a
 * 4-tuple. Tested on the event loop for every traced segment: no allocation.
 *
 * @param localPort   the stack's port, or null
 * @param peerPort    the peer's port, or null
 * @param anyPort     a port either end has, or null
 * @param peerAddress the peer's IPv4 address as {@code a.b.c.d}, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceFilter(Integer localPort, Integer peerPort, Integer anyPort, String peerAddress) {
    /** Every connection. */
    public static final TraceFilter ALL = new TraceFilter(null, null, null, null);

    /** Whether a connection between the stack's {@code localPort} and {@code peerAddress:peerPort} is traced. */
    public boolean matches(int localPort, int peerAddress, int peerPort) {
        return (this.localPort == null || this.localPort == localPort)
                && (this.peerPort == null || this.peerPort == peerPort)
                && (anyPort == null || anyPort == localPort || anyPort == peerPort)
                && (this.peerAddress == null || parse(this.peerAddress) == peerAddress);
    }

    /** {@code a.b.c.d} as an int, without allocating; -1 (255.255.255.255, never a peer) when malformed. */
    public static int parse(String dotted) {
        int address = 0;
        int part = 0;
        int dots = 0;
        int digits = 0;
        for (int i = 0; i < dotted.length(); i++) {
            char c = dotted.charAt(i);
            if (c == '.' && digits > 0 && dots < 3) {
                address = address << 8 | part;
                part = 0;
                digits = 0;
                dots++;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                part = part * 10 + (c - '0');
                digits++;
                if (part > 255) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        return dots == 3 && digits > 0 ? address << 8 | part : -1;
    }
}
