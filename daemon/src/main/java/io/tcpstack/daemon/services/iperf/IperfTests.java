package io.tcpstack.daemon.services.iperf;

/**
 * The one iperf3 test that runs at a time, shared by the iperf3 handlers of every queue: a test's
 * control connection may arrive on one queue's event loop and its data streams on others. Thread-safe.
 */
public final class IperfTests {
    /** The control session of the test running now; null between tests. */
    private ControlSession current;

    /** The test running now, or null. */
    synchronized ControlSession current() {
        return current;
    }

    /** Makes {@code session} the running test unless one runs; false if one does. */
    synchronized boolean claim(ControlSession session) {
        if (current != null) {
            return false;
        }
        current = session;
        return true;
    }

    /** {@code session}'s test is over (or given up): the next control connection may start one. */
    synchronized void release(ControlSession session) {
        if (current == session) {
            current = null;
        }
    }
}
