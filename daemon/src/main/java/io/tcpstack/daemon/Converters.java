package io.tcpstack.daemon;

import io.tcpstack.core.fault.FaultSpec;
import io.tcpstack.core.ip.Ipv4Config;
import io.tcpstack.tun.InterfaceName;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters that reject bad command-line values with a one-line reason. */
public final class Converters {
    private Converters() {
    }

    /** {@code parse(value)}, its {@link IllegalArgumentException} turned into picocli's one-line error. */
    private static <T> T parsed(java.util.function.Function<String, T> parse, String value) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code value} as a decimal int, or the one-line error that it is not a number. */
    private static int number(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
    }

    static final class InterfaceNameConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String problem = InterfaceName.problem(value);
            if (problem != null) {
                throw new TypeConversionException(problem);
            }
            return value;
        }
    }

    static final class CidrConverter implements ITypeConverter<Ipv4Cidr> {
        @Override
        public Ipv4Cidr convert(String value) {
            return parsed(Ipv4Cidr::parse, value);
        }
    }

    /** A unicast IPv4 address, host byte order. */
    static final class AddressConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int address = parsed(Ipv4Config::parseAddress, value);
            String problem = Ipv4Cidr.unicastProblem(address);
            if (problem != null) {
                throw new TypeConversionException(problem);
            }
            return address;
        }
    }

    static final class MtuConverter implements ITypeConverter<Integer> {
        /** Largest IPv4 datagram (16-bit total length). */
        private static final int MAX_MTU = 0xFFFF;

        @Override
        public Integer convert(String value) {
            int mtu = number(value);
            if (mtu < Ipv4Config.MIN_MTU || mtu > MAX_MTU) {
                throw new TypeConversionException("MTU " + mtu + " is outside " + Ipv4Config.MIN_MTU + ".." + MAX_MTU);
            }
            return mtu;
        }
    }

    /** A TUN queue count, 1..{@link #MAX_QUEUES}. */
    static final class QueuesConverter implements ITypeConverter<Integer> {
        /** The kernel's limit per TUN interface (MAX_TAP_QUEUES, linux/if_tun.h). */
        static final int MAX_QUEUES = 256;

        /** One queue per available processor, as the kernel spreads a NIC's queues over its cores. */
        static int byDefault() {
            return Math.min(Runtime.getRuntime().availableProcessors(), MAX_QUEUES);
        }

        @Override
        public Integer convert(String value) {
            int queues = number(value);
            if (queues < 1 || queues > MAX_QUEUES) {
                throw new TypeConversionException("queue count " + queues + " is outside 1.." + MAX_QUEUES);
            }
            return queues;
        }
    }

    /** A fault-injection spec such as {@code loss=5%,delay=20ms,seed=1} ({@link FaultSpec#parse}). */
    static final class FaultSpecConverter implements ITypeConverter<FaultSpec> {
        @Override
        public FaultSpec convert(String value) {
            return parsed(FaultSpec::parse, value);
        }
    }

    /** A duration such as {@code 500ms}, {@code 30s} or {@code 2m}. */
    public static final class DurationConverter implements ITypeConverter<java.time.Duration> {
        private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m)");

        @Override
        public java.time.Duration convert(String value) {
            java.util.regex.Matcher m = FORM.matcher(value);
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a duration such as 500ms, 30s or 2m");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> java.time.Duration.ofMillis(n);
                case "s" -> java.time.Duration.ofSeconds(n);
                default -> java.time.Duration.ofMinutes(n);
            };
        }
    }

    /** A size in bytes, such as {@code 65536}, {@code 512k}, {@code 64m} or {@code 2g} (powers of 1024), at least 1. */
    static final class SizeConverter implements ITypeConverter<Long> {
        private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("(\\d{1,12})([kmg]?)");

        @Override
        public Long convert(String value) {
            java.util.regex.Matcher m = FORM.matcher(value.toLowerCase(java.util.Locale.ROOT));
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new TypeConversionException("'" + value + "' is not a size such as 65536, 512k, 64m or 2g");
            }
            int shift = switch (m.group(2)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            return Long.parseLong(m.group(1)) << shift;
        }
    }

    /** A congestion control name: cubic, new-reno or none. */
    static final class CongestionConverter implements ITypeConverter<io.tcpstack.core.tcp.CongestionAlgorithm> {
        @Override
        public io.tcpstack.core.tcp.CongestionAlgorithm convert(String value) {
            return parsed(io.tcpstack.core.tcp.CongestionAlgorithm::parse, value);
        }
    }

    /** A SYN cookie mode: auto, always or never. */
    static final class SynCookieConverter implements ITypeConverter<io.tcpstack.core.tcp.SynCookieMode> {
        @Override
        public io.tcpstack.core.tcp.SynCookieMode convert(String value) {
            return parsed(io.tcpstack.core.tcp.SynCookieMode::parse, value);
        }
    }

    /**
     * Keep-alive settings: {@code IDLE,INTERVAL,COUNT} (e.g. {@code 60s,10s,5}), {@code on} for
     * Linux's 7200 s, 75 s and 9, or {@code off}.
     */
    public static final class KeepaliveConverter implements ITypeConverter<io.tcpstack.core.tcp.Keepalive> {
        @Override
        public io.tcpstack.core.tcp.Keepalive convert(String value) {
            switch (value) {
                case "off" -> {
                    return io.tcpstack.core.tcp.Keepalive.OFF;
                }
                case "on" -> {
                    return io.tcpstack.core.tcp.Keepalive.LINUX_DEFAULTS;
                }
                default -> {
                    String[] parts = value.split(",", -1);
                    if (parts.length != 3) {
                        throw new TypeConversionException("'" + value + "' is not IDLE,INTERVAL,COUNT (e.g. 60s,10s,5), on or off");
                    }
                    DurationConverter durations = new DurationConverter();
                    java.time.Duration idle = durations.convert(parts[0]);
                    if (idle.isZero()) {
                        throw new TypeConversionException("keep-alive idle time must be positive (use off to turn keep-alive off)");
                    }
                    java.time.Duration interval = durations.convert(parts[1]);
                    int count = number(parts[2]);
                    return parsed(v -> new io.tcpstack.core.tcp.Keepalive(idle, interval, count), value);
                }
            }
        }
    }

    /** A count of at least 1. */
    public static final class PositiveIntConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = number(value);
            if (n < 1) {
                throw new TypeConversionException(n + " is not a positive count");
            }
            return n;
        }
    }

    /** An offload mode: {@code tso} or {@code none}. */
    static final class OffloadConverter implements ITypeConverter<OffloadMode> {
        @Override
        public OffloadMode convert(String value) {
            return switch (value) {
                case "tso" -> OffloadMode.TSO;
                case "none" -> OffloadMode.NONE;
                default -> throw new TypeConversionException("expected tso or none, got '" + value + "'");
            };
        }
    }
}
