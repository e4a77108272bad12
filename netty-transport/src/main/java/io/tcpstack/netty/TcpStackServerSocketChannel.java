package io.tcpstack.netty;

import io.netty.channel.AbstractServerChannel;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.ServerSocketChannel;
import io.tcpstack.core.NetworkStack;
import io.tcpstack.core.tcp.TcpEndpoint;
import io.tcpstack.core.tcp.TcpService.TcpListenerHandle;
import io.tcpstack.core.wire.Ipv4Header;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;

/**
 * A listening port of the userspace stack as a Netty {@link ServerSocketChannel} (RFC 9293
 * §3.10.1 passive OPEN): binds to the stack's address or the wildcard, on a given port or on a
 * free ephemeral one for port 0, with {@code SO_BACKLOG} as the listener's bound. Each connection
 * whose handshake completes becomes a {@link TcpStackSocketChannel} read from this channel when a
 * read is pending (auto-read or {@code read()}); until then it waits, counted in the backlog. Its
 * children must be registered with the same event loop (use the {@link TcpStack}'s group as the
 * child group). Closing the channel stops listening and resets connections not yet accepted.
 */
public final class TcpStackServerSocketChannel extends AbstractServerChannel implements ServerSocketChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);

    private final TcpStackServerSocketChannelConfig config = new TcpStackServerSocketChannelConfig(this);
    private final StackRegistration registration = new StackRegistration();
    private NetworkStack stack;
    /** The engine's listener; null until bound. Loop-confined. */
    private TcpListenerHandle listener;
    private volatile InetSocketAddress local;
    private volatile boolean open = true;
    /** Connections the listener handed over that no read has taken yet; loop-confined. */
    private final ArrayDeque<TcpEndpoint> accepted = new ArrayDeque<>();
    private boolean readPending;
    private boolean acceptScheduled;
    private final Runnable acceptTask = () -> {
        acceptScheduled = false;
        acceptNow();
    };

    /** A server channel; bind it on a {@link TcpStack}'s event loop. */
    public TcpStackServerSocketChannel() {
    }

    NetworkStack stack() {
        return stack;
    }

    @Override
    public TcpStackServerSocketChannelConfig config() {
        return config;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && local != null;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return null;
    }

    @Override
    protected SocketAddress localAddress0() {
        return local;
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new ServerUnsafe();
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return StackRegistration.compatible(loop, ServerUnsafe.class);
    }

    @Override
    protected void doRegister(ChannelPromise promise) {
        registration.register(eventLoop(), (ServerUnsafe) unsafe(), promise, loopStack -> stack = loopStack);
    }

    @Override
    protected void doDeregister() {
        registration.deregister();
    }

    /**
     * Listens on the stack's address.
     *
     * @throws BindException if the address is not the stack's (nor the wildcard) or the port is taken
     */
    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        if (!(localAddress instanceof InetSocketAddress inet) || inet.isUnresolved()) {
            throw new BindException("tcpstack binds to an IPv4 InetSocketAddress, not " + localAddress);
        }
        int own = stack.ipv4().localAddress();
        if (!inet.getAddress().isAnyLocalAddress()
                && !(inet.getAddress() instanceof Inet4Address a && toInt(a) == own)) {
            throw new BindException("Cannot assign requested address: " + inet + " (the stack's address is "
                    + Ipv4Header.addressToString(own) + ")");
        }
        try {
            listener = stack.tcp().listen(inet.getPort(), config.getBacklog(), this::accepted);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        local = new InetSocketAddress(TcpStack.inetAddress(own), listener.port());
    }

    private static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    @Override
    protected void doClose() {
        open = false;
        if (listener != null) {
            listener.close();
        }
        TcpEndpoint e;
        while ((e = accepted.pollFirst()) != null) {
            e.abort(); // accepted by the engine, never by the application
        }
    }

    @Override
    protected void doBeginRead() {
        readPending = true;
        if (!accepted.isEmpty() && !acceptScheduled) {
            acceptScheduled = true;
            eventLoop().execute(acceptTask);
        }
    }

    /** The engine's accept callback, on the loop. */
    private void accepted(TcpEndpoint endpoint) {
        if (!open) {
            endpoint.abort();
            return;
        }
        accepted.addLast(endpoint);
        acceptNow();
    }

    /** Hands waiting connections to the pipeline as child channels while a read is pending. */
    private void acceptNow() {
        if (!readPending || accepted.isEmpty() || !isRegistered()) {
            return;
        }
        readPending = false;
        RecvByteBufAllocator.Handle handle = unsafe().recvBufAllocHandle();
        handle.reset(config);
        ChannelPipeline pipeline = pipeline();
        TcpEndpoint e;
        do {
            e = accepted.pollFirst();
            if (e == null) {
                break;
            }
            handle.incMessagesRead(1);
            pipeline.fireChannelRead(new TcpStackSocketChannel(this, e));
        } while (handle.continueReading());
        handle.readComplete();
        pipeline.fireChannelReadComplete();
        if (readPending && !accepted.isEmpty() && !acceptScheduled) {
            acceptScheduled = true;
            eventLoop().execute(acceptTask); // more waited than one read takes
        }
    }

    @Override
    public String toString() {
        return "TcpStackServerSocketChannel[" + (local == null ? "unbound" : local) + (open ? "" : ", closed") + "]";
    }

    /** The server channel's unsafe: its registration handle with the loop. */
    private final class ServerUnsafe extends AbstractUnsafe implements TcpStackIoHandle {
        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            safeSetFailure(promise, new UnsupportedOperationException("a server channel does not connect"));
        }

        @Override
        public void closeNow() {
            close(voidPromise());
        }
    }
}
