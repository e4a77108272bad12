package io.tcpstack.daemon.control;

import io.tcpstack.core.tcp.ConnectionInfo;
import io.tcpstack.core.tcp.ListenerInfo;
import io.tcpstack.core.tcp.TcpInfo;
import io.tcpstack.core.tcp.TcpState;
import io.tcpstack.tun.Ipv4Text;

/**
 * One row of {@code tcpstack ss}, as the control channel's {@code ss} reply carries it. A listener
 * shows as Linux's {@code ss} shows one: Recv-Q is its accept queue, Send-Q the accept queue's
 * limit, the peer {@code 0.0.0.0:*}.
 *
 * @param state the state's name, e.g. {@code ESTABLISHED}
 * @param recvQ bytes received and not read; a listener's accept queue length
 * @param sendQ bytes not yet acknowledged or sent; a listener's accept queue limit
 * @param localAddress the stack's address
 * @param localPort the local port
 * @param peerAddress the peer's address, {@code 0.0.0.0} for a listener
 * @param peerPort the peer's port, 0 for a listener
 * @param info a connection's internals ({@code ss -i}); null for a listener
 * @param synQueue a listener's half-open connections; 0 for a connection
 * @param synQueueLimit a listener's SYN queue limit; 0 for a connection
 */
public record SocketRow(String state, long recvQ, long sendQ, String localAddress, int localPort,
                        String peerAddress, int peerPort, TcpInfo info, int synQueue, int synQueueLimit) {

    static SocketRow of(ConnectionInfo c) {
        return new SocketRow(c.state().name(), c.receiveQueue(), c.sendQueue(), Ipv4Text.format(c.localAddress()),
                c.localPort(), Ipv4Text.format(c.remoteAddress()), c.remotePort(), c.tcpInfo(), 0, 0);
    }

    static SocketRow of(ListenerInfo l) {
        return new SocketRow(TcpState.LISTEN.name(), l.acceptQueue(), l.acceptQueueLimit(),
                Ipv4Text.format(l.localAddress()), l.port(), "0.0.0.0", 0, null, l.synQueue(), l.synQueueLimit());
    }

    /** True for a listener's row. */
    public boolean listening() {
        return TcpState.LISTEN.name().equals(state);
    }
}
