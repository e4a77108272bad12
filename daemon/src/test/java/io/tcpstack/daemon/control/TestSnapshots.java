package io.tcpstack.daemon.control;

import io.tcpstack.core.tcp.ConnectionInfo;
import io.tcpstack.core.tcp.ListenerInfo;
import io.tcpstack.core.tcp.TcpInfo;
import io.tcpstack.core.tcp.TcpState;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A fixed stack snapshot: a listener on port 7 and one connection to it from 10.0.0.1:40000. */
public final class TestSnapshots {
    /** 10.0.0.2 and 10.0.0.1. */
    private static final int STACK = 0x0a000002;
    private static final int PEER = 0x0a000001;
    private static final TcpInfo INFO = new TcpInfo(14480, Integer.MAX_VALUE, 125, 62, 200_000, 1448, 7, 7, true,
            true, 6, 5, 0, "on", 200, "cubic");
    public static final StackSnapshot SNAPSHOT = new StackSnapshot(0,
            List.of(new ConnectionInfo(1, STACK, 7, PEER, 40000, TcpState.ESTABLISHED, 3, 2, INFO)),
            List.of(new ListenerInfo(STACK, 7, 1, 128, 0, 50)),
            Map.of("tcp", Map.of("InSegs", 12L, "CurrEstab", 1L)), 5, 1L << 20, 2_500_000_000L);

    private TestSnapshots() {
    }

    /** A control server on {@code socket} that answers with {@link #SNAPSHOT}. */
    public static ControlServer serve(Path socket) {
        return ControlServer.start(socket, new ControlProtocol(() -> List.of(SNAPSHOT)));
    }
}
