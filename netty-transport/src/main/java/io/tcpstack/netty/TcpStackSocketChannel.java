package io.tcpstack.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.FileRegion;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.internal.StringUtil;
import io.tcpstack.core.NetworkStack;
import io.tcpstack.core.tcp.TcpEndpoint;
import io.tcpstack.core.tcp.TcpEndpointEvents;
import io.tcpstack.core.tcp.TcpState;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A TCP connection of the userspace stack as a Netty {@link SocketChannel}: a client channel
 * opened by {@code connect} (RFC 9293 §3.10.1 active OPEN) or a child accepted by a
 * {@link TcpStackServerSocketChannel}. It runs on the stack's own event loop (the loop of a
 * {@link TcpStack}'s group), so every read and write is a direct call into the connection's TCB,
 * no thread hop and no lock.
 *
 * <p>Reads: when a read is pending (auto-read, or {@code read()}), the bytes the connection has
 * in order are read into buffers of the channel's {@link RecvByteBufAllocator}; with no read
 * pending they stay in the receive buffer and the window closes (flow control is the back
 * pressure); each read clears the pending read, so a {@code read()} asked for before the last
 * {@code channelRead} of a batch asks for nothing more (as epoll's {@code epollInReady}). The
 * peer's FIN, once every byte before it was read, closes the channel, or with
 * {@code ALLOW_HALF_CLOSURE} shuts its input ({@link ChannelInputShutdownEvent}, then
 * {@link ChannelInputShutdownReadComplete}) when it arrives, a read pending or not, as epoll
 * reports {@code EPOLLRDHUP}. A reset or a timeout is an {@link IOException} in
 * {@code exceptionCaught}, then the close.
 *
 * <p>Writes: {@link ByteBuf}s and {@link FileRegion}s are copied into the send buffer as far as it
 * has room; the rest waits for the connection's {@code onWritable} (an ACK freed space), and the
 * channel's write-buffer water marks apply to what waits. {@code shutdownOutput} sends FIN after
 * what was written (RFC 9293 §3.10.4); {@code close} is a graceful close, or an abort (RST) with
 * {@code SO_LINGER} 0; closing with bytes left unread also resets (RFC 1122 §4.2.2.13).
 */
public final class TcpStackSocketChannel extends AbstractChannel implements SocketChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);

    private final TcpStackSocketChannelConfig config;
    private final StackRegistration registration = new StackRegistration();
    /** The stack of the loop this channel is registered with; null before registration. */
    private NetworkStack stack;
    /** The connection; null for a client channel until connect. Loop-confined. */
    private TcpEndpoint endpoint;
    private volatile boolean open = true;
    /** The handshake completed and the channel is not closed. */
    private volatile boolean active;
    /** No more input: the peer's FIN under half-closure, or {@link #shutdownInput()}. */
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;
    private volatile InetSocketAddress local;
    private volatile InetSocketAddress remote;
    /** The pipeline asked for a read (Netty's readPending); loop-confined like every field below. */
    private boolean readPending;
    /** Inside {@link #readNow}: a read requested meanwhile is served by the same loop, not recursively. */
    private boolean reading;
    /** {@link #readTask} is queued on the loop. */
    private boolean readScheduled;
    /** The peer's FIN was read (the input ended by the peer, not by {@link #shutdownInput()}). */
    private boolean peerFinRead;
    /** {@link ChannelInputShutdownReadComplete} was fired. */
    private boolean inputReadCompleteFired;
    /** The connection ended before the channel was registered: the error to report once it is (null: orderly). */
    private IOException endedEarly;
    private boolean endedBeforeRegistration;
    private ChannelPromise connectPromise;
    private Future<?> connectTimeout;
    private InetSocketAddress requestedRemote;
    private final Runnable readTask = () -> {
        readScheduled = false;
        readNow();
    };

    /** A client channel: {@code connect} opens its connection. */
    public TcpStackSocketChannel() {
        super(null);
        this.config = new TcpStackSocketChannelConfig(this);
    }

    /** A connection a server channel accepted (ESTABLISHED); called on the loop. */
    TcpStackSocketChannel(TcpStackServerSocketChannel parent, TcpEndpoint endpoint) {
        super(parent);
        this.config = new TcpStackSocketChannelConfig(this);
        attach(endpoint);
        this.active = true;
        endpoint.setEvents((TcpEndpointEvents) unsafe());
    }

    private void attach(TcpEndpoint e) {
        this.endpoint = e;
        this.local = e.localAddress();
        this.remote = e.remoteAddress();
        config.applyTo(e);
    }

    /** Runs {@code call} on the connection, on the loop, if the channel has one that is not over. */
    void onEndpoint(Consumer<TcpEndpoint> call) {
        if (!isRegistered()) {
            TcpEndpoint e = endpoint;
            if (e != null && e.state() != TcpState.CLOSED) {
                call.accept(e); // an accepted child being set up, on the loop
            }
            return;
        }
        EventLoop loop = eventLoop();
        Runnable task = () -> {
            TcpEndpoint e = endpoint;
            if (e != null && e.state() != TcpState.CLOSED) {
                call.accept(e);
            }
        };
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    @Override
    public ServerSocketChannel parent() {
        return (ServerSocketChannel) super.parent();
    }

    @Override
    public TcpStackSocketChannelConfig config() {
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
        return open && active;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    @Override
    protected SocketAddress localAddress0() {
        return local;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    // ---------------------------------------------------------------- half-closure (DuplexChannel)

    @Override
    public boolean isInputShutdown() {
        return inputShutdown || !isActive();
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShutdown || !isActive();
    }

    @Override
    public boolean isShutdown() {
        return (inputShutdown && outputShutdown) || !isActive();
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        onLoop(() -> ((AbstractUnsafe) unsafe()).shutdownOutput(promise));
        return promise;
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    /** Stops reading: what arrives from now on is dropped, as after Linux's {@code shutdown(SHUT_RD)}. */
    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        onLoop(() -> {
            if (!isActive()) {
                promise.setFailure(new ClosedChannelException());
                return;
            }
            inputShutdown = true;
            endpoint.skip(endpoint.readableBytes());
            promise.setSuccess();
        });
        return promise;
    }

    @Override
    public ChannelFuture shutdown() {
        return shutdown(newPromise());
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        shutdownOutput().addListener(output -> shutdownInput().addListener(input -> {
            Throwable cause = output.cause() != null ? output.cause() : input.cause();
            if (cause == null) {
                promise.setSuccess();
            } else {
                promise.setFailure(cause);
            }
        }));
        return promise;
    }

    private void onLoop(Runnable task) {
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    // ---------------------------------------------------------------- AbstractChannel

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new TcpStackUnsafe();
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return StackRegistration.compatible(loop, TcpStackUnsafe.class);
    }

    @Override
    protected void doRegister(ChannelPromise promise) {
        registration.register(eventLoop(), (TcpStackUnsafe) unsafe(), promise, loopStack -> {
            if (parent() instanceof TcpStackServerSocketChannel server && server.stack() != loopStack) {
                throw new IllegalStateException("an accepted tcpstack channel must be registered with its server's "
                        + "event loop: use the TcpStack's group as the child group");
            }
            stack = loopStack;
            if (endedBeforeRegistration) {
                eventLoop().execute(() -> ended(endedEarly));
            }
        });
    }

    @Override
    protected void doDeregister() {
        registration.deregister();
    }

    /** A client channel's local address is the stack's, with an ephemeral port. */
    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        throw new BindException("a tcpstack client channel takes its local address from the stack: "
                + "bind() before connect() is not supported");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        boolean wasOpen = open;
        open = false;
        active = false;
        ChannelPromise pending = connectPromise;
        if (pending != null) {
            connectPromise = null;
            pending.tryFailure(new ClosedChannelException());
        }
        cancelConnectTimeout();
        TcpEndpoint e = endpoint;
        if (wasOpen && e != null) {
            e.setEvents(null);
            if (config.getSoLinger() == 0) {
                e.abort(); // RFC 9293 §3.10.5: RST, nothing else
            } else {
                e.close();
            }
        }
    }

    /** FIN after the bytes written (RFC 9293 §3.10.4); reading goes on. */
    @Override
    protected void doShutdownOutput() {
        outputShutdown = true;
        if (endpoint != null) {
            endpoint.shutdownOutput();
        }
    }

    @Override
    protected void doBeginRead() {
        if (endpoint == null) {
            return;
        }
        readPending = true;
        if (!reading && !readScheduled && (endpoint.readableBytes() > 0 || inputEnded() || inputShutdown)) {
            readScheduled = true;
            eventLoop().execute(readTask); // served after the current call, as a poll would
        }
    }

    void clearReadPending() {
        if (isRegistered() && eventLoop().inEventLoop()) {
            readPending = false;
        } else if (isRegistered()) {
            eventLoop().execute(() -> readPending = false);
        }
    }

    /** True once every byte before the peer's FIN was read, or the connection is over with nothing left to read. */
    private boolean inputEnded() {
        return endpoint.isInputShutdown() || (endpoint.state() == TcpState.CLOSED && endpoint.readableBytes() == 0);
    }

    /**
     * Serves pending reads while there is something to read, and reports the end of the input as
     * soon as every byte before the peer's FIN was read, read pending or not (as epoll does on
     * {@code EPOLLRDHUP}: {@code AbstractEpollChannel.epollRdHupReady}); called by the
     * connection's upcalls and the read task.
     */
    private void readNow() {
        if (reading || endpoint == null || !isRegistered()) {
            return;
        }
        reading = true;
        try {
            while (open) {
                if (inputShutdown) {
                    readPending = false;
                    if (peerFinRead && !inputReadCompleteFired) {
                        inputReadCompleteFired = true;
                        pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
                    }
                    return;
                } else if (endpoint.readableBytes() > 0) {
                    if (!readPending) {
                        return; // kept in the receive buffer until read(): the window closes
                    }
                    readBatch();
                } else if (inputEnded()) {
                    inputEnds();
                } else {
                    return; // nothing yet: the connection's onReadable resumes
                }
            }
        } finally {
            reading = false;
        }
    }

    /** One batch of reads, as Netty's transports read a socket once per readiness. */
    private void readBatch() {
        RecvByteBufAllocator.Handle handle = unsafe().recvBufAllocHandle();
        handle.reset(config);
        ByteBufAllocator alloc = config.getAllocator();
        ChannelPipeline pipeline = pipeline();
        do {
            ByteBuf buf = handle.allocate(alloc);
            int n = Math.min(buf.writableBytes(), endpoint.readableBytes());
            handle.attemptedBytesRead(buf.writableBytes());
            if (n <= 0) {
                buf.release();
                handle.lastBytesRead(0);
                break;
            }
            handle.lastBytesRead(endpoint.read(buf, n));
            handle.incMessagesRead(1);
            readPending = false; // per read, as epoll: a read() asked for before this one is served by it
            pipeline.fireChannelRead(buf);
        } while (open && !inputShutdown && endpoint.readableBytes() > 0 && handle.continueReading());
        handle.readComplete();
        pipeline.fireChannelReadComplete();
    }

    /** Every byte before the peer's FIN was read: half-close or close. */
    private void inputEnds() {
        peerFinRead = true;
        if (config.isAllowHalfClosure()) {
            inputShutdown = true;
            pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        } else {
            unsafe().close(voidPromise());
        }
    }

    /** The connection is over for its user: an error is reported then the channel closes; an orderly end is read as EOF. */
    private void ended(IOException error) {
        if (!open) {
            return;
        }
        if (error != null) {
            pipeline().fireExceptionCaught(error);
            unsafe().close(voidPromise());
            return;
        }
        readNow();
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof ByteBuf || msg instanceof FileRegion) {
            return msg;
        }
        throw new UnsupportedOperationException("unsupported message type: " + StringUtil.simpleClassName(msg)
                + " (expected ByteBuf or FileRegion)");
    }

    /** Copies what fits into the send buffer; the rest waits for onWritable. */
    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        while (!in.isEmpty()) {
            if (!sendable()) {
                throw new IOException("Broken pipe: the connection is closed for sending");
            }
            Object msg = in.current();
            long written;
            boolean done;
            if (msg instanceof ByteBuf buf) {
                written = buf.isReadable() ? endpoint.write(buf) : 0;
                done = !buf.isReadable();
            } else {
                FileRegion region = (FileRegion) msg;
                written = region.transferred() < region.count()
                        ? region.transferTo(new EndpointByteChannel(endpoint), region.transferred()) : 0;
                done = region.transferred() >= region.count();
            }
            if (written > 0) {
                in.progress(written);
            }
            if (done) {
                in.remove();
            } else if (written == 0 || endpoint.writableBytes() == 0) {
                return; // the send buffer is full: onWritable flushes the rest
            }
        }
    }

    private boolean sendable() {
        return switch (endpoint.state()) {
            case SYN_SENT, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT -> !outputShutdown;
            default -> false;
        };
    }

    private void cancelConnectTimeout() {
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
            connectTimeout = null;
        }
    }

    @Override
    public String toString() {
        return "TcpStackSocketChannel[" + (local == null ? "unconnected" : local + " > " + remote)
                + (open ? "" : ", closed") + "]";
    }

    /** The channel's unsafe: its registration handle with the loop and the connection's event sink. */
    private final class TcpStackUnsafe extends AbstractUnsafe implements TcpStackIoHandle, TcpEndpointEvents {
        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            if (!ensureOpen(promise)) {
                return;
            }
            try {
                if (connectPromise != null) {
                    throw new ConnectionPendingException();
                }
                if (endpoint != null) {
                    throw new AlreadyConnectedException();
                }
                if (localAddress != null) {
                    doBind(localAddress);
                }
                if (!(remoteAddress instanceof InetSocketAddress inet)) {
                    throw new IllegalArgumentException("tcpstack connects to an InetSocketAddress, not " + remoteAddress);
                }
                if (inet.isUnresolved()) {
                    throw new UnknownHostException(inet.getHostString());
                }
                requestedRemote = inet;
                connectPromise = promise;
                TcpEndpoint e;
                try {
                    e = stack.tcp().connect(inet, this);
                } catch (java.io.UncheckedIOException refused) {
                    throw refused.getCause();
                }
                if (connectPromise == promise) {
                    attach(e);
                }
                int timeoutMillis = config.getConnectTimeoutMillis();
                if (timeoutMillis > 0 && connectPromise == promise) {
                    connectTimeout = eventLoop().schedule(() -> {
                        ChannelPromise p = connectPromise;
                        if (p != null && p.tryFailure(new ConnectTimeoutException(
                                "connection timed out after " + timeoutMillis + " ms: " + inet))) {
                            close(voidPromise());
                        }
                    }, timeoutMillis, TimeUnit.MILLISECONDS);
                }
                promise.addListener(f -> {
                    if (f.isCancelled()) {
                        cancelConnectTimeout();
                        connectPromise = null;
                        close(voidPromise());
                    }
                });
            } catch (Throwable t) {
                connectPromise = null;
                promise.tryFailure(annotateConnectException(t, remoteAddress));
                closeIfClosed();
            }
        }

        @Override
        public void closeNow() {
            close(voidPromise());
        }

        // ---- the connection's upcalls, on the loop

        @Override
        public void onEstablished(TcpEndpoint e) {
            ChannelPromise p = connectPromise;
            if (p == null) {
                return;
            }
            connectPromise = null;
            cancelConnectTimeout();
            attach(e);
            boolean wasActive = isActive();
            active = true;
            boolean nowActive = isActive(); // before the promise's listeners, which may close the channel
            boolean promiseSet = p.trySuccess();
            if (!wasActive && nowActive) {
                pipeline().fireChannelActive();
            }
            if (!promiseSet) {
                close(voidPromise()); // the user cancelled the attempt
            }
        }

        @Override
        public void onReadable(TcpEndpoint e) {
            if (inputShutdown && !peerFinRead) {
                e.skip(e.readableBytes()); // shutdownInput(): dropped, as Linux drops after SHUT_RD
                return;
            }
            readNow();
        }

        @Override
        public void onWritable(TcpEndpoint e) {
            flush0();
        }

        @Override
        public void onClosed(TcpEndpoint e, IOException error) {
            ChannelPromise p = connectPromise;
            if (p != null) {
                connectPromise = null;
                cancelConnectTimeout();
                p.tryFailure(annotateConnectException(error != null ? error
                        : new java.net.ConnectException("connection closed during the handshake"), requestedRemote));
                close(voidPromise());
                return;
            }
            if (!isRegistered()) {
                endedBeforeRegistration = true;
                endedEarly = error;
                return;
            }
            ended(error);
        }
    }
}
