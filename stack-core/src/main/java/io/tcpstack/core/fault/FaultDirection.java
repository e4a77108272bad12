package io.tcpstack.core.fault;

/**
 * Which packets a {@link FaultInjector} impairs, relative to the pipeline it sits in: {@code IN}
 * are packets read from the link (travelling up to the stack), {@code OUT} packets written to it.
 */
public enum FaultDirection {
    IN(true, false),
    OUT(false, true),
    BOTH(true, true);

    /** Whether packets read from the link are impaired. */
    private final boolean inbound;
    /** Whether packets written to the link are impaired. */
    private final boolean outbound;

    FaultDirection(boolean inbound, boolean outbound) {
        this.inbound = inbound;
        this.outbound = outbound;
    }

    public boolean inbound() {
        return inbound;
    }

    public boolean outbound() {
        return outbound;
    }

    /** The spelling used by {@link FaultSpec}'s text form. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
