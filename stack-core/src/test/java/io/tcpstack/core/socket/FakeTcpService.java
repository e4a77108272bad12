package io.tcpstack.core.socket;

import io.tcpstack.core.tcp.TcpEndpoint;
import io.tcpstack.core.tcp.TcpEndpointEvents;
import io.tcpstack.core.tcp.TcpService;
import io.tcpstack.core.tcp.TcpState;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An in-memory {@link TcpService} for one host talking to itself: a connect to a listening port
 * pairs two {@link FakeEndpoint}s back to back over bounded buffers; a connect to any other port
 * is refused, and one to a {@link #silentPorts silent} port never completes. Everything runs on
 * one single-thread executor, and every engine call made off that thread is counted and refused.
 */
final class FakeTcpService implements TcpService, AutoCloseable {
    static final InetAddress ADDRESS = InetAddress.getLoopbackAddress();

    /** Bytes each endpoint's send buffer holds. */
    final int sendBufferSize;

    /** Bytes each endpoint's receive buffer holds (the window it offers). */
    final int receiveBufferSize;

    /** Ports whose SYNs are never answered (connect timeout). */
    final Set<Integer> silentPorts = ConcurrentHashMap.newKeySet();

    /** Every endpoint created by {@link #connect}, in order. */
    final List<FakeEndpoint> connected = new CopyOnWriteArrayList<>();

    /** Engine calls made off the loop thread (must stay 0). */
    final AtomicInteger offLoopCalls = new AtomicInteger();

    private volatile Thread loopThread;

    private final ExecutorService loop = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "fake-tcp-loop");
        thread.setDaemon(true);
        loopThread = thread;
        return thread;
    });

    /** Loop-confined: listening ports. */
    private final Map<Integer, Consumer<TcpEndpoint>> listeners = new HashMap<>();

    /** Loop-confined: next ephemeral port. */
    private int nextPort = 40000;

    FakeTcpService(int sendBufferSize, int receiveBufferSize) {
        this.sendBufferSize = sendBufferSize;
        this.receiveBufferSize = receiveBufferSize;
    }

    /** Loop tasks queued by each thread other than the loop's: how often an application thread hops to the loop. */
    final Map<Thread, AtomicInteger> tasksFrom = new ConcurrentHashMap<>();

    /** The loop as the socket layer sees it: counts the tasks other threads queue ({@link #tasksFrom}). */
    private final Executor countingLoop = task -> {
        if (Thread.currentThread() != loopThread) {
            tasksFrom.computeIfAbsent(Thread.currentThread(), thread -> new AtomicInteger()).incrementAndGet();
        }
        loop.execute(task);
    };

    @Override
    public Executor eventLoop() {
        return countingLoop;
    }

    @Override
    public io.tcpstack.core.time.TimerScheduler timers() {
        throw new UnsupportedOperationException("the fake engine has no timers");
    }

    /** Loop tasks {@code thread} has queued so far. */
    int tasksFrom(Thread thread) {
        AtomicInteger n = tasksFrom.get(thread);
        return n == null ? 0 : n.get();
    }

    /** The loop itself, for tests that submit to it directly. */
    ExecutorService loopExecutor() {
        return loop;
    }

    void checkLoop() {
        if (Thread.currentThread() != loopThread) {
            offLoopCalls.incrementAndGet();
            throw new IllegalStateException("engine called off the event loop from " + Thread.currentThread());
        }
    }

    @Override
    public TcpListenerHandle listen(int port, int backlog, Consumer<TcpEndpoint> onAccept) {
        checkLoop();
        int bound = port == 0 ? nextPort++ : port;
        if (listeners.putIfAbsent(bound, onAccept) != null) {
            throw new UncheckedIOException(new BindException("Address already in use"));
        }
        return new TcpListenerHandle() {
            @Override
            public int port() {
                checkLoop();
                return bound;
            }

            @Override
            public void close() {
                checkLoop();
                listeners.remove(bound);
            }
        };
    }

    @Override
    public TcpEndpoint connect(InetSocketAddress remote, TcpEndpointEvents events) {
        checkLoop();
        FakeEndpoint client = new FakeEndpoint(this, new InetSocketAddress(ADDRESS, nextPort++), remote, TcpState.SYN_SENT);
        client.setEvents(events);
        connected.add(client);
        if (!silentPorts.contains(remote.getPort())) {
            loop.execute(() -> handshake(client));
        }
        return client;
    }

    /** The SYN reaches the remote port: refused, or both ends ESTABLISHED and the server end handed over. */
    private void handshake(FakeEndpoint client) {
        if (client.state() != TcpState.SYN_SENT) {
            return;
        }
        Consumer<TcpEndpoint> listener = listeners.get(client.remoteAddress().getPort());
        if (listener == null) {
            client.fail(new ConnectException("Connection refused"));
            return;
        }
        FakeEndpoint server = new FakeEndpoint(this, client.remoteAddress(), client.localAddress(), TcpState.ESTABLISHED);
        client.pair(server);
        client.establish();
        listener.accept(server);
    }

    /** Queues {@code task} on the loop (the fake's "network delay"). */
    void later(Runnable task) {
        loop.execute(task);
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
