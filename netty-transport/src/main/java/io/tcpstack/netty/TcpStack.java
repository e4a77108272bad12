package io.tcpstack.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.local.LocalIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ThreadAwareExecutor;
import io.tcpstack.core.NetworkStack;
import io.tcpstack.core.ip.Ipv4Config;
import io.tcpstack.core.tcp.TcpConfig;
import io.tcpstack.link.LinkOffloads;
import io.tcpstack.tun.InterfaceConfigurator;
import io.tcpstack.tun.TunChannel;
import io.tcpstack.tun.TunDevice;
import io.tcpstack.tun.TunException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The userspace stack embedded in a Netty application: one {@link NetworkStack} on one event loop,
 * over a TUN interface or over no link at all (loopback only, for tests: no root needed), and the
 * {@link EventLoopGroup} whose loop runs it. Channels of the stack are
 * {@link TcpStackServerSocketChannel} and {@link TcpStackSocketChannel} on {@link #group()}:
 *
 * <pre>{@code
 * try (TcpStack stack = TcpStack.builder().tun("tcpstack0").address("10.0.0.2/24").peer("10.0.0.1").start()) {
 *     new ServerBootstrap().group(stack.group()).channel(TcpStackServerSocketChannel.class)
 *             .childHandler(...).bind(80).sync().channel().closeFuture().sync();
 * }
 * }</pre>
 *
 * <p>Connections to the stack's own address are delivered inside the stack (its loopback), so a
 * client and a server both on one stack talk without the link.
 */
public final class TcpStack implements AutoCloseable {
    private final EventLoopGroup group;
    private final NetworkStack stack;
    private final Channel link;
    private final TunDevice device;

    private TcpStack(EventLoopGroup group, NetworkStack stack, Channel link, TunDevice device) {
        this.group = group;
        this.stack = stack;
        this.link = link;
        this.device = device;
    }

    /** A builder: loopback only on 127.0.0.1 unless {@link Builder#tun} names an interface. */
    public static Builder builder() {
        return new Builder();
    }

    /** The group of one event loop that runs the stack: give it to bootstraps (as group and child group). */
    public EventLoopGroup group() {
        return group;
    }

    /** The stack's own address. */
    public InetAddress address() {
        return inetAddress(stack.ipv4().localAddress());
    }

    /** The stack itself: counters, the connection table, the blocking and loop socket APIs. */
    public NetworkStack networkStack() {
        return stack;
    }

    /** Closes the link and every channel, and shuts the event loop down; waits for it. Idempotent. */
    @Override
    public void close() {
        link.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (device != null) {
            device.close();
        }
    }

    @Override
    public String toString() {
        return "TcpStack[" + stack.ipv4().config() + (device == null ? ", loopback only" : ", " + device.name()) + "]";
    }

    static InetAddress inetAddress(int address) {
        try {
            return InetAddress.getByAddress(new byte[] {
                (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // four bytes are always an IPv4 address
        }
    }

    /** Settings of a {@link TcpStack}; every setter checks its value and says what is wrong. */
    public static final class Builder {
        private String tun;
        private Ipv4Config address = Ipv4Config.parse("127.0.0.1/8", 1500);
        private int peer;
        private int mtu = 1500;
        private boolean offload = true;
        private TcpConfig tcp = TcpConfig.DEFAULTS;

        private Builder() {
        }

        /**
         * Runs over the TUN interface {@code name}: created (then configured with {@link #mtu},
         * the {@link #peer} address and the prefix, and brought up) or attached as it is. Needs
         * {@code CAP_NET_ADMIN}.
         */
        public Builder tun(String name) {
            this.tun = Objects.requireNonNull(name, "name");
            return this;
        }

        /** No link: only the stack's own address is reachable (the default). */
        public Builder loopbackOnly() {
            this.tun = null;
            return this;
        }

        /** The stack's address and prefix, {@code "10.0.0.2/24"}; default {@code 127.0.0.1/8}. */
        public Builder address(String cidr) {
            this.address = Ipv4Config.parse(cidr, mtu);
            return this;
        }

        /** The kernel side's address on a TUN interface the stack creates, {@code "10.0.0.1"}. */
        public Builder peer(String dotted) {
            this.peer = Ipv4Config.parseAddress(dotted);
            return this;
        }

        /** The interface MTU, 68..65535; default 1500. An attached TUN keeps its own. */
        public Builder mtu(int value) {
            this.address = new Ipv4Config(address.address(), address.prefixLength(), value);
            this.mtu = value;
            return this;
        }

        /** Asks the TUN for checksum and segmentation offload (virtio header); default on, refused quietly by old kernels. */
        public Builder offload(boolean on) {
            this.offload = on;
            return this;
        }

        /** TCP settings; default {@link TcpConfig#DEFAULTS}. */
        public Builder tcp(TcpConfig config) {
            this.tcp = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Opens the link and starts the stack's event loop.
         *
         * @throws TunException with a one-line reason when the TUN cannot be opened or configured
         * @throws IllegalStateException for a TUN without a peer address to configure
         */
        public TcpStack start() throws TunException {
            TunDevice device = tun == null ? null : TunDevice.open(tun, offload);
            try {
                return start(device);
            } catch (RuntimeException | TunException e) {
                if (device != null) {
                    device.close();
                }
                throw e;
            }
        }

        private TcpStack start(TunDevice device) throws TunException {
            Ipv4Config ip = address;
            if (device != null) {
                ip = new Ipv4Config(address.address(), address.prefixLength(), configure(device));
            }
            LinkOffloads offloads = device == null ? LinkOffloads.NONE : device.offloads();
            Map<ThreadAwareExecutor, TcpStackIoHandler> handlers = new ConcurrentHashMap<>();
            IoHandlerFactory linkIo = device == null ? LocalIoHandler.newFactory() : EpollIoHandler.newFactory();
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tcpstack"),
                    TcpStackIoHandler.newFactory(linkIo, handlers::put));
            IoEventLoop loop = (IoEventLoop) group.next();
            NetworkStack stack = new NetworkStack(ip, offloads, tcp, loop);
            handlers.get(loop).attach(stack);
            Channel link = device == null ? new NoLinkChannel()
                    : new TunChannel(device, offloads.tcpSegmentation() ? LinkOffloads.MAX_PACKET : ip.mtu(), offloads);
            link.pipeline().addLast("stack", stack.handler());
            try {
                loop.register(link).syncUninterruptibly();
            } catch (RuntimeException e) {
                group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                throw e;
            }
            return new TcpStack(group, stack, link, device);
        }

        /** A created TUN gets the MTU, the peer's address and the prefix; an attached one keeps its MTU. */
        private int configure(TunDevice device) throws TunException {
            try (InterfaceConfigurator config = new InterfaceConfigurator()) {
                if (!device.created()) {
                    return config.mtu(device.name());
                }
                if (peer == 0) {
                    throw new IllegalStateException("a TUN the stack creates needs the kernel side's address: peer(\"a.b.c.d\")");
                }
                config.configure(device.name(), mtu, peer, address.prefixLength());
                return mtu;
            }
        }
    }
}
