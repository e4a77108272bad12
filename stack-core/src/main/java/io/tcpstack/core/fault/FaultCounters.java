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
        RECEIVED("Received"),
        /** Packets lost on purpose (released, never forwarded). */
        DROPPED("Dropped"),
        /** Extra copies made of a packet; each copy is then impaired on its own. */
        DUPLICATED("Duplicated"),
        /** Packets (originals or copies) forwarded with one bit flipped. */
        CORRUPTED("Corrupted"),
        /** Packets held back so that later packets overtake them. */
        REORDERED("Reordered"),
        /** Packets queued for a non-zero delay. */
        DELAYED("Delayed"),
        /** Packets handed on towards their destination. */
        FORWARDED("Forwarded"),
        /** Packets still held or delayed when the injector left its pipeline, released unsent. */
        DISCARDED("Discarded");

        private final String mibName;

        Counter(String mibName) {
            this.mibName = mibName;
        }

        @Override
        public String mibName() {
            return mibName;
        }
    }

    public FaultCounters() {
        super(Counter.class);
    }
}
