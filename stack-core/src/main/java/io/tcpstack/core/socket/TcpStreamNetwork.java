package io.tcpstack.core.socket;

import io.tcpstack.core.tcp.TcpService;
import io.tcpstack.core.time.TimerScheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The blocking socket API over the userspace TCP engine: every engine call is made on
 * {@link TcpService#eventLoop()}, application threads (meant to be virtual threads) park until
 * the loop wakes them. Call it from any thread except the event loop.
 */
public final class TcpStreamNetwork implements StreamNetwork, LoopNetwork {
    private final TcpService service;

    /** Runs engine calls on the service's event loop. */
    private final LoopBridge loop;

    public TcpStreamNetwork(TcpService service) {
        this.service = Objects.requireNonNull(service, "service");
        this.loop = new LoopBridge(service.eventLoop());
    }

    /** Passive OPEN (RFC 9293 §3.10.1); at most {@code backlog} connections wait for {@code accept()}. */
    @Override
    public TcpStreamServerSocket listen(int port, int backlog) throws IOException {
        checkListen(port, backlog);
        AcceptQueue queue = new AcceptQueue(loop, backlog);
        return loop.call(() -> new TcpStreamServerSocket(loop, queue, service.listen(port, backlog, queue)));
    }

    /** Passive OPEN whose connections {@code handler} serves on the event loop, without threads. */
    @Override
    public LoopListener listen(int port, int backlog, StreamHandler handler) throws IOException {
        checkListen(port, backlog);
        Objects.requireNonNull(handler, "handler");
        return loop.call(() -> LoopListener.open(loop, handler, accept -> service.listen(port, backlog, accept)));
    }

    @Override
    public TimerScheduler timers() {
        return service.timers();
    }

    @Override
    public Executor eventLoop() {
        return service.eventLoop();
    }

    private static void checkListen(int port, int backlog) {
        TcpService.checkPort(port);
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1: " + backlog);
        }
    }

    /**
     * Active OPEN (RFC 9293 §3.10.1). A {@code timeout} of zero waits as long as the engine keeps
     * trying; when the timeout passes, or the calling thread is interrupted, the attempt is aborted.
     */
    @Override
    public TcpStreamSocket connect(InetSocketAddress remote, Duration timeout) throws IOException {
        Objects.requireNonNull(remote, "remote");
        if (remote.isUnresolved()) {
            throw new UnknownHostException(remote.getHostString());
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        SocketCore core = SocketCore.connecting(loop);
        TcpStreamSocket socket = loop.call(() -> new TcpStreamSocket(core.attach(service.connect(remote, core))));
        try {
            core.awaitEstablished(TimeUnit.NANOSECONDS.convert(timeout));
        } catch (IOException e) {
            socket.abort();
            throw e;
        }
        return socket;
    }
}
