package io.tcpstack.core.fault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link FaultInjector} does to packets, with its compact text form (see {@link #parse}).
 *
 * @param loss        probability that a packet is dropped, 0..1
 * @param duplicate   probability that a packet is sent twice, 0..1
 * @param reorder     probability that a packet is held back so later packets overtake it, 0..1
 * @param reorderGap  a held packet is released after this many later packets passed it (>= 1) ...
 * @param reorderHold ... or after this long (> 0), whichever comes first
 * @param delay       base delay of every packet (>= 0)
 * @param jitter      each packet's delay is {@code delay} plus a uniform value in [-jitter, +jitter],
 *                    at least 0 (>= 0); jitter reorders packets as well
 * @param corrupt     probability that one random bit of a packet is flipped, 0..1
 * @param direction   which packets are impaired
 * @param seed        seed of the injector's random numbers: the same seed and the same packets
 *                    give the same faults
 */
public record FaultSpec(double loss, double duplicate, double reorder, int reorderGap, Duration reorderHold,
                        Duration delay, Duration jitter, double corrupt, FaultDirection direction, long seed) {
    /** Packets that overtake a held one by default. */
    public static final int DEFAULT_GAP = 3;
    /** Longest a held packet waits by default. */
    public static final Duration DEFAULT_HOLD = Duration.ofMillis(10);

    /** One line describing the text form, for help texts and error messages. */
    public static final String SYNTAX = "comma-separated key=value: loss=P%, dup=P%, reorder=P%, gap=N,"
            + " hold=DURATION, delay=DURATION, jitter=DURATION, corrupt=P%, dir=in|out|both, seed=N"
            + " (DURATION like 20ms, 500us or 1s)";

    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,6})?)%");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(us|ms|s)");

    public FaultSpec {
        requireProbability("loss", loss);
        requireProbability("dup", duplicate);
        requireProbability("reorder", reorder);
        requireProbability("corrupt", corrupt);
        if (reorderGap < 1) {
            throw new IllegalArgumentException("gap must be at least 1, got " + reorderGap);
        }
        if (reorderHold.isNegative() || reorderHold.isZero()) {
            throw new IllegalArgumentException("hold must be positive, got " + durationText(reorderHold));
        }
        if (delay.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("delay and jitter must not be negative");
        }
        if (direction == null) {
            throw new IllegalArgumentException("direction must be in, out or both");
        }
    }

    private static void requireProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0% and 100%, got " + p * 100 + "%");
        }
    }

    /** No faults at all, both directions, seed 0; a base for the {@code with...} methods. */
    public static FaultSpec none() {
        return new FaultSpec(0, 0, 0, DEFAULT_GAP, DEFAULT_HOLD, Duration.ZERO, Duration.ZERO, 0,
                FaultDirection.BOTH, 0);
    }

    /**
     * Parses the text form, for example {@code loss=5%,dup=2%,reorder=1%,delay=20ms,jitter=10ms,corrupt=1%,dir=both,seed=42}.
     * Keys may come in any order, each at most once; those left out mean no such fault
     * ({@code gap} {@value #DEFAULT_GAP}, {@code hold} 10ms, {@code dir} both). Without
     * {@code seed} a random seed is chosen; {@link #toString()} shows it, so a run can be repeated.
     *
     * @throws IllegalArgumentException with a one-line message naming the offending part
     */
    public static FaultSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty fault spec; expected " + SYNTAX);
        }
        double loss = 0;
        double duplicate = 0;
        double reorder = 0;
        double corrupt = 0;
        int gap = DEFAULT_GAP;
        Duration hold = DEFAULT_HOLD;
        Duration delay = Duration.ZERO;
        Duration jitter = Duration.ZERO;
        FaultDirection direction = FaultDirection.BOTH;
        Long seed = null;
        Set<String> seen = new HashSet<>();
        for (String part : text.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + part + "' in fault spec is not key=value; expected " + SYNTAX);
            }
            String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = part.substring(eq + 1).trim();
            if (!seen.add(key)) {
                throw new IllegalArgumentException("'" + key + "' appears twice in fault spec '" + text + "'");
            }
            switch (key) {
                case "loss" -> loss = percent(key, value);
                case "dup" -> duplicate = percent(key, value);
                case "reorder" -> reorder = percent(key, value);
                case "corrupt" -> corrupt = percent(key, value);
                case "gap" -> gap = (int) number(key, value, 1, 1_000_000);
                case "hold" -> hold = duration(key, value);
                case "delay" -> delay = duration(key, value);
                case "jitter" -> jitter = duration(key, value);
                case "dir" -> direction = direction(value);
                case "seed" -> seed = number(key, value, Long.MIN_VALUE, Long.MAX_VALUE);
                default -> throw new IllegalArgumentException("unknown fault '" + key + "'; expected " + SYNTAX);
            }
        }
        return new FaultSpec(loss, duplicate, reorder, gap, hold, delay, jitter, corrupt, direction,
                seed != null ? seed : ThreadLocalRandom.current().nextLong());
    }

    private static double percent(String key, String value) {
        Matcher m = PERCENT.matcher(value);
        BigDecimal p = m.matches() ? new BigDecimal(m.group(1)) : null;
        if (p == null || p.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException(key + "=" + value + ": expected a percentage from 0% to 100%, such as 5% or 0.5%");
        }
        return p.doubleValue() / 100;
    }

    private static Duration duration(String key, String value) {
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(key + "=" + value + ": expected a duration such as 20ms, 500us or 1s");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "us" -> Duration.ofNanos(n * 1000);
            case "ms" -> Duration.ofMillis(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static long number(String key, String value, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + ": expected a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(key + "=" + value + ": expected " + min + ".." + max);
        }
        return n;
    }

    private static FaultDirection direction(String value) {
        for (FaultDirection d : FaultDirection.values()) {
            if (d.text().equals(value.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("dir=" + value + ": expected in, out or both");
    }

    public FaultSpec withLoss(double p) {
        return new FaultSpec(p, duplicate, reorder, reorderGap, reorderHold, delay, jitter, corrupt, direction, seed);
    }

    public FaultSpec withDuplicate(double p) {
        return new FaultSpec(loss, p, reorder, reorderGap, reorderHold, delay, jitter, corrupt, direction, seed);
    }

    public FaultSpec withReorder(double p, int gap, Duration hold) {
        return new FaultSpec(loss, duplicate, p, gap, hold, delay, jitter, corrupt, direction, seed);
    }

    public FaultSpec withDelay(Duration base, Duration plusMinus) {
        return new FaultSpec(loss, duplicate, reorder, reorderGap, reorderHold, base, plusMinus, corrupt, direction, seed);
    }

    public FaultSpec withCorrupt(double p) {
        return new FaultSpec(loss, duplicate, reorder, reorderGap, reorderHold, delay, jitter, p, direction, seed);
    }

    public FaultSpec withDirection(FaultDirection d) {
        return new FaultSpec(loss, duplicate, reorder, reorderGap, reorderHold, delay, jitter, corrupt, d, seed);
    }

    public FaultSpec withSeed(long s) {
        return new FaultSpec(loss, duplicate, reorder, reorderGap, reorderHold, delay, jitter, corrupt, direction, s);
    }

    /**
     * The text form with every key present; for a spec that came from {@link #parse},
     * {@code parse(spec.toString())} equals it.
     */
    @Override
    public String toString() {
        return "loss=" + percentText(loss) + ",dup=" + percentText(duplicate) + ",reorder=" + percentText(reorder)
                + ",gap=" + reorderGap + ",hold=" + durationText(reorderHold) + ",delay=" + durationText(delay)
                + ",jitter=" + durationText(jitter) + ",corrupt=" + percentText(corrupt)
                + ",dir=" + direction.text() + ",seed=" + seed;
    }

    private static String percentText(double p) {
        return BigDecimal.valueOf(p * 100).setScale(6, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString() + "%";
    }

    private static String durationText(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 1_000_000_000L == 0 && nanos != 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return nanos / 1000 + "us";
    }
}
