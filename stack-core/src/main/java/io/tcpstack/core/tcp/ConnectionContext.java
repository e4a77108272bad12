package io.tcpstack.core.tcp;

import io.netty.buffer.ByteBuf;
import io.tcpstack.core.time.TimerScheduler;

/** What the TCB's halves ({@link TcpSender}, {@link TcpReceiver}) see of their connection. */
final class ConnectionContext implements TcbContext {
    private final TcpStateMachine connection;

    ConnectionContext(TcpStateMachine connection) {
        this.connection = connection;
    }

    @Override
    public long now() {
        return connection.layer.now();
    }

    @Override
    public TimerScheduler.Timer newTimer(TcpTimer kind) {
        return connection.layer.newTimer(connection, kind);
    }

    @Override
    public void emit(int seq, int flags, ByteBuf payload) {
        connection.emit(seq, flags, payload, false);
    }

    @Override
    public void retransmitSyn() {
        connection.emitSyn();
    }

    @Override
    public void timedOut() {
        connection.timedOut();
    }

    @Override
    public long userTimeoutNanos() {
        Liveness liveness = connection.liveness;
        return liveness == null ? 0 : liveness.userTimeoutNanos();
    }

    @Override
    public boolean isSynchronized() {
        return connection.state.isSynchronized();
    }

    @Override
    public int tsoPayloadLimit() {
        return connection.layer.tsoPayloadLimit();
    }

    @Override
    public TcpCounters counters() {
        return connection.layer.counters();
    }

    @Override
    public MemoryBudget memory() {
        return connection.layer.memory();
    }
}
