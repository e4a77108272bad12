package io.tcpstack.core.tcp;

/** Observes every connection state change of a {@link TcpLayer}; called on the event loop, must not block. */
@FunctionalInterface
public interface TcpTransitionListener {
    void onTransition(TcpTransition transition);
}
