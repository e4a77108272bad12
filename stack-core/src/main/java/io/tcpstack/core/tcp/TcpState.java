package io.tcpstack.core.tcp;

/** The eleven connection states of RFC 9293 §3.3.2. */
public enum TcpState {
    CLOSED,
    LISTEN,
    SYN_SENT,
    SYN_RECEIVED,
    ESTABLISHED,
    FIN_WAIT_1,
    FIN_WAIT_2,
    CLOSE_WAIT,
    CLOSING,
    LAST_ACK,
    TIME_WAIT;

    /** True in the states reached after the handshake (RFC 9293 "synchronized states"). */
    public boolean isSynchronized() {
        return ordinal() >= ESTABLISHED.ordinal();
    }
}
