package io.tcpstack.core.tcp;

/** The congestion controllers the stack offers, by name (for configuration and the command line). */
public enum CongestionAlgorithm implements CongestionControl.Factory {
    /** RFC 9438 CUBIC: the default, as in Linux. */
    CUBIC {
        @Override
        public CongestionControl create(int smss) {
            return new Cubic(smss);
        }
    },
    /** RFC 5681 slow start and congestion avoidance with RFC 6582 NewReno recovery. */
    NEW_RENO {
        @Override
        public CongestionControl create(int smss) {
            return new NewReno(smss);
        }
    },
    /**
     * No congestion control: only the peer's window limits the sender. A baseline for
     * experiments on links the stack owns; it does not belong on a shared network.
     */
    NONE {
        @Override
        public CongestionControl create(int smss) {
            return Unlimited.INSTANCE;
        }
    };

    /** The algorithm named {@code name} (case-insensitive, '-' for '_'), with a one-line error otherwise. */
    public static CongestionAlgorithm parse(String name) {
        for (CongestionAlgorithm a : values()) {
            if (a.name().equalsIgnoreCase(name.replace('-', '_'))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown congestion control '" + name + "' (cubic, new-reno, none)");
    }
}
