package io.tcpstack.core.fault;

import io.tcpstack.link.LoopCounters;

/**
 * What a {@link FaultInjector} did to the packets of one direction. At any time
 * {@code Received + Duplicated = Forwarded + Dropped + Discarded + (packets still held or delayed)}.
 * Threading: see {@link LoopCounters}.
 */
public final class FaultCounters extends LoopCounters<FaultCounters.Counter> {
    public enum Counter implements LoopCounters.Named {
        /** Packets that entered the injector in this direction. */
        RECEIVED,
        /** Packets lost on purpose (released, never forwarded). */
        DROPPED,
        /** Extra copies made of a packet; each copy is then impaired on its own. */
        DUPLICATED,
        /** Packets (originals or copies) forwarded with one bit flipped. */
        CORRUPTED,
        /** Packets held back so that later packets overtake them. */
        REORDERED,
        /** Packets queued for a non-zero delay. */
        DELAYED,
        /** Packets handed on towards their destination. */
        FORWARDED,
        /** Packets still held or delayed when the injector left its pipeline, released unsent. */
        DISCARDED
    }

    public FaultCounters() {
        super(Counter.class);
    }
}
