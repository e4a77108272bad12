package io.tcpstack.netty;

import static io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE;
import static io.netty.channel.ChannelOption.IP_TOS;
import static io.netty.channel.ChannelOption.SO_KEEPALIVE;
import static io.netty.channel.ChannelOption.SO_LINGER;
import static io.netty.channel.ChannelOption.SO_RCVBUF;
import static io.netty.channel.ChannelOption.SO_REUSEADDR;
import static io.netty.channel.ChannelOption.SO_SNDBUF;
import static io.netty.channel.ChannelOption.TCP_NODELAY;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannelConfig;
import io.tcpstack.core.tcp.Keepalive;
import io.tcpstack.core.tcp.TcpConfig;
import io.tcpstack.core.tcp.TcpEndpoint;
import java.util.Map;

/**
 * The options of a {@link TcpStackSocketChannel}, as Netty's socket transports name them.
 * {@code TCP_NODELAY} (on by default, as in Netty's NIO and epoll transports) and
 * {@code SO_KEEPALIVE} (Linux's timings, {@link Keepalive#LINUX_DEFAULTS}) go to the connection at
 * once; {@code SO_LINGER} 0 makes {@code close()} an abort (RST, RFC 9293 §3.10.5), any other value
 * a graceful close that does not wait; {@code ALLOW_HALF_CLOSURE} keeps the channel open after the
 * peer's FIN. {@code SO_SNDBUF} and {@code SO_RCVBUF} read the stack's {@link TcpConfig} buffer
 * sizes; a value set is kept and read back but the stack's sizes apply to every connection.
 * {@code IP_TOS} and {@code SO_REUSEADDR} are kept and read back only.
 */
public final class TcpStackSocketChannelConfig extends DefaultChannelConfig implements SocketChannelConfig {
    private final TcpStackSocketChannel channel;
    private volatile boolean noDelay = true;
    private volatile boolean keepAlive;
    private volatile int soLinger = -1;
    private volatile int sendBufferSize;
    private volatile int receiveBufferSize;
    private volatile int trafficClass;
    private volatile boolean reuseAddress;
    private volatile boolean allowHalfClosure;

    TcpStackSocketChannelConfig(TcpStackSocketChannel channel) {
        super(channel);
        this.channel = channel;
        this.sendBufferSize = TcpConfig.DEFAULTS.sendBufferSize();
        this.receiveBufferSize = TcpConfig.DEFAULTS.receiveBufferSize();
    }

    /** On the loop, when the channel gets its connection: the options set so far take effect. */
    void applyTo(TcpEndpoint endpoint) {
        endpoint.setNoDelay(noDelay);
        if (keepAlive) {
            endpoint.setKeepalive(Keepalive.LINUX_DEFAULTS);
        }
    }

    /** Auto-read turned off: a read requested by the last auto-read is withdrawn, as Netty's own transports do. */
    @Override
    protected void autoReadCleared() {
        channel.clearReadPending();
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), SO_RCVBUF, SO_SNDBUF, TCP_NODELAY, SO_KEEPALIVE, SO_REUSEADDR,
                SO_LINGER, IP_TOS, ALLOW_HALF_CLOSURE);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(ChannelOption<T> option) {
        if (option == SO_RCVBUF) {
            return (T) Integer.valueOf(getReceiveBufferSize());
        } else if (option == SO_SNDBUF) {
            return (T) Integer.valueOf(getSendBufferSize());
        } else if (option == TCP_NODELAY) {
            return (T) Boolean.valueOf(isTcpNoDelay());
        } else if (option == SO_KEEPALIVE) {
            return (T) Boolean.valueOf(isKeepAlive());
        } else if (option == SO_REUSEADDR) {
            return (T) Boolean.valueOf(isReuseAddress());
        } else if (option == SO_LINGER) {
            return (T) Integer.valueOf(getSoLinger());
        } else if (option == IP_TOS) {
            return (T) Integer.valueOf(getTrafficClass());
        } else if (option == ALLOW_HALF_CLOSURE) {
            return (T) Boolean.valueOf(isAllowHalfClosure());
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == SO_RCVBUF) {
            setReceiveBufferSize((Integer) value);
        } else if (option == SO_SNDBUF) {
            setSendBufferSize((Integer) value);
        } else if (option == TCP_NODELAY) {
            setTcpNoDelay((Boolean) value);
        } else if (option == SO_KEEPALIVE) {
            setKeepAlive((Boolean) value);
        } else if (option == SO_REUSEADDR) {
            setReuseAddress((Boolean) value);
        } else if (option == SO_LINGER) {
            setSoLinger((Integer) value);
        } else if (option == IP_TOS) {
            setTrafficClass((Integer) value);
        } else if (option == ALLOW_HALF_CLOSURE) {
            setAllowHalfClosure((Boolean) value);
        } else {
            return super.setOption(option, value);
        }
        return true;
    }

    @Override
    public boolean isTcpNoDelay() {
        return noDelay;
    }

    @Override
    public TcpStackSocketChannelConfig setTcpNoDelay(boolean tcpNoDelay) {
        this.noDelay = tcpNoDelay;
        channel.onEndpoint(e -> e.setNoDelay(tcpNoDelay));
        return this;
    }

    @Override
    public int getSoLinger() {
        return soLinger;
    }

    @Override
    public TcpStackSocketChannelConfig setSoLinger(int linger) {
        this.soLinger = linger;
        return this;
    }

    @Override
    public int getSendBufferSize() {
        return sendBufferSize;
    }

    @Override
    public TcpStackSocketChannelConfig setSendBufferSize(int size) {
        this.sendBufferSize = positive(size, "SO_SNDBUF");
        return this;
    }

    @Override
    public int getReceiveBufferSize() {
        return receiveBufferSize;
    }

    @Override
    public TcpStackSocketChannelConfig setReceiveBufferSize(int size) {
        this.receiveBufferSize = positive(size, "SO_RCVBUF");
        return this;
    }

    private static int positive(int size, String option) {
        if (size <= 0) {
            throw new IllegalArgumentException(option + " must be positive: " + size);
        }
        return size;
    }

    @Override
    public boolean isKeepAlive() {
        return keepAlive;
    }

    @Override
    public TcpStackSocketChannelConfig setKeepAlive(boolean on) {
        this.keepAlive = on;
        channel.onEndpoint(e -> e.setKeepalive(on ? Keepalive.LINUX_DEFAULTS : Keepalive.OFF));
        return this;
    }

    /**
     * Keep-alive with the given timings (RFC 9293 §3.8.4), where {@code SO_KEEPALIVE} has Linux's
     * defaults only; {@link Keepalive#OFF} turns it off.
     */
    public TcpStackSocketChannelConfig setKeepalive(Keepalive keepalive) {
        java.util.Objects.requireNonNull(keepalive, "keepalive");
        this.keepAlive = keepalive.enabled();
        channel.onEndpoint(e -> e.setKeepalive(keepalive));
        return this;
    }

    @Override
    public int getTrafficClass() {
        return trafficClass;
    }

    @Override
    public TcpStackSocketChannelConfig setTrafficClass(int value) {
        this.trafficClass = value;
        return this;
    }

    @Override
    public boolean isReuseAddress() {
        return reuseAddress;
    }

    @Override
    public TcpStackSocketChannelConfig setReuseAddress(boolean on) {
        this.reuseAddress = on;
        return this;
    }

    @Override
    public TcpStackSocketChannelConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        return this;
    }

    @Override
    public boolean isAllowHalfClosure() {
        return allowHalfClosure;
    }

    @Override
    public TcpStackSocketChannelConfig setAllowHalfClosure(boolean allow) {
        this.allowHalfClosure = allow;
        return this;
    }

    @Override
    public TcpStackSocketChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return this;
    }

    @Override
    @Deprecated
    public TcpStackSocketChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public TcpStackSocketChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public TcpStackSocketChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public TcpStackSocketChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public TcpStackSocketChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    public TcpStackSocketChannelConfig setAutoClose(boolean autoClose) {
        super.setAutoClose(autoClose);
        return this;
    }

    @Override
    public TcpStackSocketChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }

    @Override
    public TcpStackSocketChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }

    @Override
    @Deprecated
    public TcpStackSocketChannelConfig setWriteBufferHighWaterMark(int writeBufferHighWaterMark) {
        super.setWriteBufferHighWaterMark(writeBufferHighWaterMark);
        return this;
    }

    @Override
    @Deprecated
    public TcpStackSocketChannelConfig setWriteBufferLowWaterMark(int writeBufferLowWaterMark) {
        super.setWriteBufferLowWaterMark(writeBufferLowWaterMark);
        return this;
    }
}
