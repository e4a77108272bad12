package io.tcpstack.core.tcp;

/** {@link CongestionAlgorithm#NONE}: a window that never limits and ignores every event. */
final class Unlimited implements CongestionControl {
    static final Unlimited INSTANCE = new Unlimited();

    private Unlimited() {
    }

    @Override
    public int cwnd() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int ssthresh() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void onAck(int bytesAcked, long rttNanos, long now) {
    }

    @Override
    public void onFastRetransmit(int flightSize, long now) {
    }

    @Override
    public void onRecoveryExit(int flightSize, long now) {
    }

    @Override
    public void onRetransmissionTimeout(int flightSize, long now) {
    }

    @Override
    public void onSpuriousCongestionEvent(long now) {
    }

    @Override
    public void onIdleRestart(long now) {
    }
}
