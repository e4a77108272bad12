package io.tcpstack.daemon;

import io.tcpstack.core.tcp.TcpState;

import java.util.Locale;
import java.util.Map;

/** State names as Linux's {@code ss} prints and accepts them ({@code ESTAB}, {@code syn-recv}, ...). */
final class SsStates {
    /** The names {@code ss} uses where they are not the state's own with '-' for '_'. */
    private static final Map<TcpState, String> SHORT = Map.of(TcpState.ESTABLISHED, "ESTAB",
            TcpState.SYN_RECEIVED, "SYN-RECV", TcpState.CLOSED, "CLOSE");
    /** Further names a filter accepts. */
    private static final Map<String, TcpState> ALIASES = Map.of("listening", TcpState.LISTEN,
            "syn-received", TcpState.SYN_RECEIVED, "close", TcpState.CLOSED);

    private SsStates() {
    }

    /** {@code ESTAB} for ESTABLISHED, {@code FIN-WAIT-1} for FIN_WAIT_1. */
    static String display(TcpState state) {
        return SHORT.getOrDefault(state, state.name().replace('_', '-'));
    }

    /**
     * A state from a filter: its {@code ss} name or its own, any case, '-' or '_'.
     *
     * @throws IllegalArgumentException for no state
     */
    static TcpState parse(String name) {
        String key = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (TcpState state : TcpState.values()) {
            if (display(state).toLowerCase(Locale.ROOT).equals(key) || state.name().toLowerCase(Locale.ROOT)
                    .replace('_', '-').equals(key)) {
                return state;
            }
        }
        TcpState alias = ALIASES.get(key);
        if (alias == null) {
            throw new IllegalArgumentException("unknown state '" + name + "' (e.g. established, listen, time-wait)");
        }
        return alias;
    }
}
