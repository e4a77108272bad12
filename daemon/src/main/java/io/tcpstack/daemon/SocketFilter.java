package io.tcpstack.daemon;

import io.tcpstack.core.tcp.TcpState;
import io.tcpstack.daemon.control.SocketRow;
import io.tcpstack.daemon.control.TraceFilter;
import io.tcpstack.daemon.services.PortConverter;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which rows {@code tcpstack ss} shows: any of the given states, and local, peer or either port.
 * Built from {@code --state}/{@code --port} and from the {@code ss}-style expression
 * {@code state STATE... '( dport = :N )' '( sport = :N )' dst ADDRESS[:PORT]} (parentheses and {@code and} are noise).
 */
final class SocketFilter implements Predicate<SocketRow> {
    private final Set<TcpState> states;
    /** The ports and peer address the row must have. */
    private final TraceFilter ends;

    private SocketFilter(Set<TcpState> states, TraceFilter ends) {
        this.states = states;
        this.ends = ends;
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
        String dst = null;
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
                case "dst" -> { // ss's 'dst ADDRESS[:PORT]': the peer
                    String value = argument(words, ++i, word);
                    int colon = value.lastIndexOf(':');
                    dst = colon < 0 ? value : value.substring(0, colon);
                    if (TraceFilter.parse(dst) == -1) {
                        throw new IllegalArgumentException("'dst' needs an IPv4 address[:PORT], got '" + value + "'");
                    }
                    if (colon >= 0) {
                        dport = portOf(value.substring(colon + 1));
                    }
                }
                default -> throw new IllegalArgumentException("unknown filter '" + word
                        + "' (known: state STATE, '( dport = :PORT )', '( sport = :PORT )', dst ADDRESS[:PORT])");
            }
        }
        return new SocketFilter(states, new TraceFilter(sport, dport, port, dst));
    }

    /** The filter without states, for a trace. */
    TraceFilter ends() {
        return ends;
    }

    /** Whether the filter names states. */
    boolean hasStates() {
        return !states.isEmpty();
    }

    @Override
    public boolean test(SocketRow row) {
        return (states.isEmpty() || states.contains(TcpState.valueOf(row.state())))
                && ends.matches(row.localPort(), TraceFilter.parse(row.peerAddress()), row.peerPort());
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
