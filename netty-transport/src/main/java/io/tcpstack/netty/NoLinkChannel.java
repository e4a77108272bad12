package io.tcpstack.netty;

import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;

/**
 * The link of a stack that has none (loopback only): the bottom of the stack's pipeline, where
 * nothing ever arrives and every packet written is dropped, since only the stack's own address is
 * reachable and {@code Ipv4Handler} delivers that itself. Counts what it dropped.
 */
final class NoLinkChannel extends AbstractChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false);

    private final ChannelConfig config = new DefaultChannelConfig(this);
    private final StackRegistration registration = new StackRegistration();
    private volatile boolean open = true;
    /** Packets written to the link, i.e. to an address other than the stack's own; written on the loop only. */
    private volatile long dropped;

    NoLinkChannel() {
        super(null);
    }

    long dropped() {
        return dropped;
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && isRegistered();
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new NoLinkUnsafe();
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return StackRegistration.compatible(loop, NoLinkUnsafe.class);
    }

    @Override
    protected void doRegister(ChannelPromise promise) {
        registration.register(eventLoop(), (NoLinkUnsafe) unsafe(), promise, stack -> { });
    }

    @Override
    protected void doDeregister() {
        registration.deregister();
    }

    @Override
    protected SocketAddress localAddress0() {
        return null;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return null;
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("the no-link channel has no address");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        open = false;
    }

    @Override
    protected void doBeginRead() {
        // nothing ever arrives
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        while (in.current() != null) {
            dropped++;
            in.remove();
        }
    }

    /** Registration handle of the no-link channel. */
    private final class NoLinkUnsafe extends AbstractUnsafe implements TcpStackIoHandle {
        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            safeSetFailure(promise, new UnsupportedOperationException("the no-link channel does not connect"));
        }

        @Override
        public void closeNow() {
            close(voidPromise());
        }
    }
}
