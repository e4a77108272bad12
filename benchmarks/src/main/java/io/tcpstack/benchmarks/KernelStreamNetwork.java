package io.tcpstack.benchmarks;

import io.tcpstack.core.socket.StreamNetwork;
import io.tcpstack.core.socket.StreamServerSocket;
import io.tcpstack.core.socket.StreamSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * {@link StreamNetwork} over the kernel's own TCP (JDK sockets on every local address): the
 * kernel reference of the end-to-end benchmark runs the daemon's very services on it, so only
 * the TCP implementation differs between the two sides of the comparison.
 */
final class KernelStreamNetwork implements StreamNetwork {
    @Override
    public StreamServerSocket listen(int port, int backlog) throws IOException {
        ServerSocket server = new ServerSocket(port, backlog);
        return new StreamServerSocket() {
            @Override
            public StreamSocket accept() throws IOException {
                return new KernelSocket(server.accept());
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
        return new KernelSocket(socket);
    }

    private record KernelSocket(Socket socket) implements StreamSocket {
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
        public void abort() {
            try {
                socket.setSoLinger(true, 0); // close then sends RST
                socket.close();
            } catch (IOException e) {
                // already closed
            }
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
