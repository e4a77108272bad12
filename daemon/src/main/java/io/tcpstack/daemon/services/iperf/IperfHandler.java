package io.tcpstack.daemon.services.iperf;

import io.tcpstack.core.socket.StreamSocket;
import io.tcpstack.daemon.services.ConnectionHandler;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An iperf3-compatible server (TCP tests only), so that the stock {@code iperf3 -c} client
 * measures the stack: every connection starts with the client's 37-byte cookie; the first one of
 * a test is its control connection ({@link ControlSession}), later ones with the same cookie are
 * its data streams. One test runs at a time, as with iperf3's own server: a control connection
 * that comes while another test runs, and a data connection nobody expects, get ACCESS_DENIED.
 */
public final class IperfHandler implements ConnectionHandler {
    /** iperf3's default port. */
    public static final int PORT = 5201;
    /** Bytes of the cookie that opens every connection: 36 characters and a NUL (iperf3's COOKIE_SIZE). */
    static final int COOKIE_SIZE = 37;

    /** The test running now; null between tests. Replaced only by compare-and-set. */
    private final AtomicReference<IperfTest> current = new AtomicReference<>();

    @Override
    public void serve(StreamSocket socket) throws IOException, InterruptedException {
        byte[] cookie = ControlChannel.readCookie(socket);
        IperfTest running = current.get();
        if (running != null && running.owns(cookie)) {
            IperfStream stream = running.attach();
            if (stream == null) {
                ControlChannel.deny(socket);
                return;
            }
            stream.run(socket);
            return;
        }
        IperfTest test = new IperfTest(cookie);
        if (!current.compareAndSet(null, test)) {
            ControlChannel.deny(socket);
            return;
        }
        try {
            new ControlSession(test, socket).run();
        } finally {
            test.end();
            current.compareAndSet(test, null);
        }
    }
}
