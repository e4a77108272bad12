package io.tcpstack.daemon;

import io.tcpstack.core.tcp.TcpState;
import io.tcpstack.daemon.control.SocketRow;
import io.tcpstack.daemon.services.PortConverter;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which rows {@code tcpstack ss} shows: any of the given states, and local, peer or either port.
 * Built from {@code --state}/{@code --port} and from the {@code ss}-style expression
 * {@code state STATE... '( dport = :N )' '( sport = :N )'} (parentheses and {@code and} are noise).
 */
final class SocketFilter implements Predicate<SocketRow> {
    private final Set<TcpState> states;
    /** Ports the row must have: as the local port, the peer port, or either; null for any. */
    private final Integer localPort;
    private final Integer peerPort;
    private final Integer anyPort;

    private SocketFilter(Set<TcpState> states, Integer localPort, Integer peerPort, Integer anyPort) {
        this.states = states;
        this.localPort = localPort;
        this.peerPort = peerPort;
        this.anyPort = anyPort;
    }

    /**
     * @param state      {@code --state}, or null
     * @param port       {@code --port}, or null
     * @param expression the positional words, possibly empty
     * @throws IllegalArgumentException for a word that is no filter
     */
    static SocketFilter of(String state, Integer port, List<String> expression) {
        Set<TcpState> states = EnumSet.noneOf(TcpState.class);
        if (state != null) {
            states.add(SsStates.parse(state));
        }
        List<String> words = words(expression);
        Integer sport = null;
        Integer dport = null;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            switch (word) {
                case "(", ")", "and" -> { }
                case "state" -> states.add(SsStates.parse(argument(words, ++i, word)));
                case "sport", "dport" -> {
                    String op = argument(words, ++i, word);
                    if (!op.equals("=") && !op.equals("==") && !op.equals("eq")) {
                        throw new IllegalArgumentException("expected '" + word + " = :PORT', got '" + word + " " + op + "'");
                    }
                    String value = argument(words, ++i, word);
                    int n = portOf(value.startsWith(":") ? value.substring(1) : value);
                    if (word.equals("sport")) {
                        sport = n;
                    } else {
                        dport = n;
                    }
                }
                default -> throw new IllegalArgumentException("unknown filter '" + word
                        + "' (known: state STATE, '( dport = :PORT )', '( sport = :PORT )')");
            }
        }
        return new SocketFilter(states, sport, dport, port);
    }

    @Override
    public boolean test(SocketRow row) {
        return (states.isEmpty() || states.contains(TcpState.valueOf(row.state())))
                && (localPort == null || row.localPort() == localPort)
                && (peerPort == null || row.peerPort() == peerPort)
                && (anyPort == null || row.localPort() == anyPort || row.peerPort() == anyPort);
    }

    /** The expression's words, parentheses split off ({@code '(dport = :80)'} is five words). */
    private static List<String> words(List<String> expression) {
        List<String> words = new ArrayList<>();
        for (String part : expression) {
            for (String word : part.replace("(", " ( ").replace(")", " ) ").trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        return words;
    }

    private static String argument(List<String> words, int i, String after) {
        if (i >= words.size()) {
            throw new IllegalArgumentException("'" + after + "' needs a value");
        }
        return words.get(i);
    }

    private static int portOf(String value) {
        try {
            return PortConverter.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
