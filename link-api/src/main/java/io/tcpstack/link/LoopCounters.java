package io.tcpstack.link;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fixed set of counters, one per constant of an enum, monotonically increasing except for
 * gauges moved by {@link #add}; written by one thread (the stack's event loop) and readable from
 * any thread (metrics, admin).
 *
 * <p>Why plain {@code long} slots with opaque writes rather than {@code LongAdder} or atomics:
 * there is exactly one writer, so an increment needs no atomic read-modify-write: the writer
 * reads its own last value plainly and publishes {@code value + 1} with
 * {@link VarHandle#setOpaque}. Opaque access makes each 64-bit write indivisible (no torn
 * longs, JLS §17.7) and eventually visible to readers, who use {@link VarHandle#getOpaque};
 * readers never need ordering between different counters, so release/acquire would buy
 * nothing. On x86 and ARM an opaque write is an ordinary store: the per-packet cost is a load
 * and a store, no fence, no CAS and no contended cache line from readers.
 *
 * @param <E> the enum naming the counters; its order is the snapshot order
 */
public class LoopCounters<E extends Enum<E> & LoopCounters.Named> {
    /**
     * A counter's externally visible name (an RFC MIB object name where one exists). By default
     * the constant's name in UpperCamelCase ({@code IN_RECEIVES} is {@code InReceives}), so the
     * constant names the MIB object; a counter set with other names overrides {@link #mibName}.
     */
    public interface Named {
        /** The enum constant's name (every enum has it). */
        String name();

        default String mibName() {
            StringBuilder camel = new StringBuilder();
            for (String word : name().split("_")) {
                camel.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
            }
            return camel.toString();
        }
    }

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

    /** Counter names, indexed by ordinal. */
    private final E[] names;
    /** Value of counter {@code names[i]} at index i; written only by the owning thread. */
    private final long[] values;

    protected LoopCounters(Class<E> type) {
        this.names = type.getEnumConstants();
        this.values = new long[names.length];
    }

    /** Adds one; call only on the owning thread. */
    public void increment(E counter) {
        int i = counter.ordinal();
        SLOTS.setOpaque(values, i, values[i] + 1);
    }

    /**
     * Adds {@code delta}, which may be negative for a gauge (a value that goes down as well as
     * up, such as RFC 4022 tcpCurrEstab); call only on the owning thread.
     */
    public void add(E counter, long delta) {
        int i = counter.ordinal();
        SLOTS.setOpaque(values, i, values[i] + delta);
    }

    /** The current value; any thread. */
    public long get(E counter) {
        return (long) SLOTS.getOpaque(values, counter.ordinal());
    }

    /** Every counter by MIB name, in the enum's declaration order; any thread. */
    public Map<String, Long> snapshot() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (E name : names) {
            map.put(name.mibName(), get(name));
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
