package io.tcpstack.examples;

import io.tcpstack.netty.TcpStack;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line the examples share: {@code [--tun NAME] [--address CIDR] [--peer IP] ARG...},
 * by default TUN {@code tcpstack0}, the stack at {@code 10.0.0.2/24} and the kernel side at
 * {@code 10.0.0.1}; what is left are the example's own arguments.
 */
public record TunOptions(String tun, String address, String peer, List<String> arguments) {

    /** Parses {@code args}; an unknown option or one without its value is an {@link IllegalArgumentException}. */
    public static TunOptions parse(String... args) {
        String tun = "tcpstack0";
        String address = "10.0.0.2/24";
        String peer = "10.0.0.1";
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--tun" -> tun = value(args, ++i, arg);
                case "--address" -> address = value(args, ++i, arg);
                case "--peer" -> peer = value(args, ++i, arg);
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg
                                + " (options: --tun NAME, --address CIDR, --peer IP)");
                    }
                    rest.add(arg);
                }
            }
        }
        return new TunOptions(tun, address, peer, List.copyOf(rest));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /** A builder of the stack these options describe: the TUN created (or attached) and configured. */
    public TcpStack.Builder stack() {
        return TcpStack.builder().tun(tun).address(address).peer(peer);
    }

    /** The example's argument {@code index}, or {@code fallback} when there are fewer. */
    public String argument(int index, String fallback) {
        return index < arguments.size() ? arguments.get(index) : fallback;
    }
}
