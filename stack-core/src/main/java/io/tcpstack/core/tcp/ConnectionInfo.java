package io.tcpstack.core.tcp;

/**
 * One row of the connection table (like {@code ss -tn}): a snapshot taken on the event loop.
 *
 * @param sendQueue bytes in the send buffer (unacknowledged plus unsent)
 * @param receiveQueue bytes received in order and not yet read by the user
 * @param tcpInfo the internals {@code ss -i} shows
 */
public record ConnectionInfo(long connectionId, int localAddress, int localPort, int remoteAddress, int remotePort,
                             TcpState state, int sendQueue, int receiveQueue, TcpInfo tcpInfo) {
    @Override
    public String toString() {
        return String.format("%-12s %7d %7d %s:%d %s:%d", state, receiveQueue, sendQueue,
                TcpTransition.address(localAddress), localPort, TcpTransition.address(remoteAddress), remotePort);
    }
}
