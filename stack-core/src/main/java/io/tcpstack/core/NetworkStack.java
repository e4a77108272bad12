package io.tcpstack.core;

import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.EventExecutor;
import io.tcpstack.core.icmp.IcmpProtocol;
import io.tcpstack.core.ip.Ipv4Config;
import io.tcpstack.core.ip.Ipv4Handler;
import io.tcpstack.core.socket.LoopBridge;
import io.tcpstack.core.socket.LoopNetwork;
import io.tcpstack.core.socket.StreamNetwork;
import io.tcpstack.core.socket.TcpStreamNetwork;
import io.tcpstack.core.tcp.ConnectionInfo;
import io.tcpstack.core.tcp.SharedLimits;
import io.tcpstack.core.tcp.TcpConfig;
import io.tcpstack.core.tcp.TcpLayer;
import io.tcpstack.core.time.Clock;
import io.tcpstack.core.time.EventLoopTimerScheduler;
import io.tcpstack.link.LinkOffloads;
import java.io.IOException;
import java.util.List;

/**
 * One host's worth of stack on one event loop: IPv4 with ICMP and TCP registered, timers on that
 * loop, and the blocking socket API on top.
 *
 * <p>Put {@link #handler()} at the top of a channel pipeline whose inbound and outbound messages
 * are raw IPv4 packets (a TUN channel, or an in-memory link in tests), and register that channel
 * on {@code loop}. Everything below the socket API is then confined to that loop.
 */
public final class NetworkStack {
    private final Ipv4Handler ipv4;
    private final IcmpProtocol icmp;
    private final TcpLayer tcp;
    /** Both socket APIs over {@link #tcp}: blocking ({@link StreamNetwork}) and on the loop ({@link LoopNetwork}). */
    private final TcpStreamNetwork sockets;
    /** Runs reads of loop-confined state for other threads. */
    private final LoopBridge loopBridge;

    public NetworkStack(Ipv4Config ip, TcpConfig tcpConfig, EventExecutor loop) {
        this(ip, LinkOffloads.NONE, tcpConfig, loop);
    }

    /** @param offloads what the link below finishes for outbound packets (checksum, TSO) */
    public NetworkStack(Ipv4Config ip, LinkOffloads offloads, TcpConfig tcpConfig, EventExecutor loop) {
        this(ip, offloads, tcpConfig, new SharedLimits(tcpConfig, Clock.SYSTEM, 1), loop);
    }

    /**
     * One queue's stack of several on one address, each on its own loop.
     *
     * @param limits the stack-wide TCP limits all queues' stacks share (made with {@code Clock.SYSTEM})
     */
    public NetworkStack(Ipv4Config ip, LinkOffloads offloads, TcpConfig tcpConfig, SharedLimits limits, EventExecutor loop) {
        this.ipv4 = new Ipv4Handler(ip, offloads);
        this.icmp = new IcmpProtocol(ipv4, Clock.SYSTEM);
        ipv4.register(icmp);
        this.tcp = new TcpLayer(ipv4, new EventLoopTimerScheduler(loop), tcpConfig, loop, limits);
        ipv4.register(tcp);
        this.sockets = new TcpStreamNetwork(tcp);
        this.loopBridge = new LoopBridge(loop);
    }

    /** The pipeline handler that is the stack (IPv4 and everything above it). */
    public ChannelHandler handler() {
        return ipv4;
    }

    /** The blocking, java.net.Socket-shaped API; callable from any thread. */
    public StreamNetwork streamNetwork() {
        return sockets;
    }

    /** The event-driven API: services whose callbacks run on the stack's event loop, no thread per connection. */
    public LoopNetwork loopNetwork() {
        return sockets;
    }

    public Ipv4Handler ipv4() {
        return ipv4;
    }

    public IcmpProtocol icmp() {
        return icmp;
    }

    public TcpLayer tcp() {
        return tcp;
    }

    /**
     * The connection table, taken on the event loop; callable from any thread but the loop's.
     *
     * @throws java.net.SocketException if the stack is stopped
     */
    public List<ConnectionInfo> connections() throws IOException {
        return loopBridge.call(tcp::connections);
    }
}
