package io.tcpstack.daemon.services.iperf;

import io.netty.buffer.Unpooled;
import io.tcpstack.core.socket.LoopStream;
import io.tcpstack.core.socket.StreamHandler;
import io.tcpstack.core.time.Clock;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An iperf3-compatible server (TCP tests only) on the stack's event loop, so that the stock
 * {@code iperf3 -c} client measures the stack: every connection starts with the client's 37-byte
 * cookie; the first one of a test is its control connection ({@link ControlSession}), later ones
 * with the same cookie are its data streams ({@link IperfStream}). One test runs at a time, as
 * with iperf3's own server: a control connection that comes while another test runs, and a data
 * connection nobody expects, get ACCESS_DENIED.
 *
 * <p>One handler per event loop; the handlers of a multi-queue interface share one
 * {@link IperfTests}, so a test's streams may arrive on any queue. Each connection's handling stays
 * on its own loop; the control session and the streams hand each other work through their loops.
 */
public final class IperfHandler implements StreamHandler {
    private static final Logger log = LoggerFactory.getLogger(IperfHandler.class);

    /** iperf3's default port. */
    public static final int PORT = 5201;
    /** Bytes of the cookie that opens every connection: 36 characters and a NUL (iperf3's COOKIE_SIZE). */
    static final int COOKIE_SIZE = 37;
    /** The refusal sent on a connection that came at the wrong time; never written. */
    private static final byte[] DENIED = {IperfState.ACCESS_DENIED.code};

    /** Times the tests. */
    private final Clock clock;
    /** The running test, shared with the handlers of the other loops. */
    private final IperfTests tests;
    /** This handler's event loop: where its connections' work runs. */
    private final Executor loop;

    /**
     * @param tests the registry shared by the handlers of all loops that serve one address
     * @param loop  the event loop this handler's connections run on
     */
    public IperfHandler(IperfTests tests, Executor loop) {
        this(Clock.SYSTEM, tests, loop);
    }

    IperfHandler(Clock clock, IperfTests tests, Executor loop) {
        this.clock = clock;
        this.tests = tests;
        this.loop = loop;
    }

    @Override
    public void onOpen(LoopStream stream) {
        stream.attach(new CookieReader());
    }

    @Override
    public void onReadable(LoopStream stream) {
        if (stream.attachment() == null) {
            stream.skip(Integer.MAX_VALUE); // denied and closing: whatever still comes is dropped
            return;
        }
        if (stream.attachment() instanceof CookieReader reader) {
            byte[] cookie;
            try {
                cookie = reader.read(stream);
            } catch (IperfProtocolException e) {
                log.debug("iperf3 {}: {}", stream.remoteAddress(), e.getMessage());
                stream.attach(null);
                stream.close();
                return;
            }
            if (cookie == null || !identify(stream, cookie)) {
                return;
            }
        }
        ((IperfConnection) stream.attachment()).readable();
    }

    /** Makes a connection whose cookie arrived a control connection or a data stream; false if it was denied. */
    private boolean identify(LoopStream stream, byte[] cookie) {
        ControlSession current = tests.current();
        if (current != null && current.test().owns(cookie)) {
            IperfStream data = current.test().attach(stream, loop);
            if (data == null) {
                deny(stream);
                return false;
            }
            stream.attach(data);
            if (current.test().allConnected()) {
                current.loop().execute(current::streamsConnected);
            }
            return true;
        }
        if (current != null && current.overdue()) {
            tests.release(current);
            current.loop().execute(current::giveUp);
        }
        ControlSession session = new ControlSession(tests, new IperfTest(cookie, clock), stream, loop);
        if (!tests.claim(session)) {
            deny(stream);
            return false;
        }
        stream.attach(session);
        session.open();
        return true;
    }

    /** Tells a connection that came at the wrong time that it is refused, and closes it. */
    private static void deny(LoopStream stream) {
        stream.attach(null);
        stream.write(Unpooled.wrappedBuffer(DENIED));
        stream.close();
    }

    @Override
    public void onWritable(LoopStream stream) {
        if (stream.attachment() instanceof IperfConnection connection) {
            connection.writable();
        }
    }

    @Override
    public void onClosed(LoopStream stream, IOException error) {
        if (stream.attachment() instanceof IperfConnection connection) {
            connection.closed(error);
        }
    }
}
