package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.StreamNetwork;
import io.tcpstack.core.socket.StreamServerSocket;
import io.tcpstack.core.socket.StreamSocket;
import io.tcpstack.core.tcp.Keepalive;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import jdk.net.ExtendedSocketOptions;

/**
 * {@link StreamNetwork} over the kernel's own TCP (the JDK's sockets). The services' tests run on
 * it bound to loopback; the end-to-end benchmark's kernel reference runs the very same services on
 * it bound to every address, so only the TCP implementation differs between the two sides.
 */
public final class JdkStreamNetwork implements StreamNetwork {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Where listeners bind; null for every local address. */
    private final InetAddress bindAddress;

    /** Listeners bound to 127.0.0.1 only. */
    public JdkStreamNetwork() {
        this(LOOPBACK);
    }

    /** Where listeners bind; null for every local address. */
    InetAddress bindAddress() {
        return bindAddress;
    }

    /** Listeners bound to {@code bindAddress}, or to every local address when it is null. */
    public JdkStreamNetwork(InetAddress bindAddress) {
        this.bindAddress = bindAddress;
    }

    @Override
    public StreamServerSocket listen(int port, int backlog) throws IOException {
        ServerSocket server = new ServerSocket(port, backlog, bindAddress);
        return new StreamServerSocket() {
            @Override
            public StreamSocket accept() throws IOException {
                return new JdkStreamSocket(server.accept());
            }

            @Override
            public int port() {
                return server.getLocalPort();
            }

            @Override
            public void close() throws IOException {
                server.close();
            }
        };
    }

    @Override
    public StreamSocket connect(InetSocketAddress remote, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(remote, Math.toIntExact(timeout.toMillis()));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new JdkStreamSocket(socket);
    }

    /** Resets {@code socket}: SO_LINGER 0 makes close send RST. */
    static void abort(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private record JdkStreamSocket(Socket socket) implements StreamSocket {
        @Override
        public InputStream inputStream() {
            try {
                return socket.getInputStream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public OutputStream outputStream() {
            try {
                return socket.getOutputStream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        @Override
        public void setNoDelay(boolean noDelay) throws IOException {
            socket.setTcpNoDelay(noDelay);
        }

        @Override
        public void setKeepalive(Keepalive keepalive) throws IOException {
            socket.setKeepAlive(keepalive.enabled());
            if (keepalive.enabled()) {
                socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, seconds(keepalive.idle()));
                socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, seconds(keepalive.interval()));
                socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, keepalive.count());
            }
        }

        /** The JDK takes keep-alive times in whole seconds, at least 1. */
        private static int seconds(Duration d) {
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toSeconds()));
        }

        @Override
        public void setReadTimeout(Duration timeout) throws IOException {
            // SO_TIMEOUT is in whole milliseconds and 0 means forever: a bound under 1 ms is 1 ms
            socket.setSoTimeout(timeout.isZero() ? 0 : (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE));
        }

        /** The JDK has no {@code TCP_USER_TIMEOUT} option. */
        @Override
        public void setUserTimeout(Duration timeout) throws IOException {
            if (!timeout.isZero()) {
                throw new java.net.SocketException("the JDK's sockets cannot set a user timeout (TCP_USER_TIMEOUT)");
            }
        }

        @Override
        public void abort() {
            JdkStreamNetwork.abort(socket);
        }

        @Override
        public InetSocketAddress localAddress() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return (InetSocketAddress) socket.getRemoteSocketAddress();
        }
    }
}
