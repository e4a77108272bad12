package io.tcpstack.daemon.services.iperf;

/**
 * The state bytes of iperf3's control protocol (iperf3's {@code iperf_api.h}): each is sent as
 * one signed byte on the control connection, by the side that moves the test on.
 */
enum IperfState {
    TEST_START(1),
    TEST_RUNNING(2),
    TEST_END(4),
    PARAM_EXCHANGE(9),
    CREATE_STREAMS(10),
    SERVER_TERMINATE(11),
    CLIENT_TERMINATE(12),
    EXCHANGE_RESULTS(13),
    DISPLAY_RESULTS(14),
    IPERF_DONE(16),
    /** Sent instead of PARAM_EXCHANGE (or on a data connection) when another test is running. */
    ACCESS_DENIED(-1),
    /** Followed by two 4-byte big-endian integers: iperf3's error number and an errno. */
    SERVER_ERROR(-2);

    /** The byte on the wire. */
    final byte code;

    IperfState(int code) {
        this.code = (byte) code;
    }

    /** The state with byte {@code code}, or null for a byte iperf3 does not define. */
    static IperfState of(byte code) {
        for (IperfState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        return null;
    }
}
