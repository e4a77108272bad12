package io.tcpstack.it.tcp;

import io.tcpstack.it.NsThread;
import io.tcpstack.it.StackAddresses;
import io.tcpstack.link.FlowHash;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Kernel sockets of the test JVM inside a test's namespace, made on an {@link NsThread}. */
final class KernelClient {

    /** Bound on connecting and on each blocking read. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);

    private KernelClient() {
    }

    /**
     * Connects a kernel TCP socket of the namespace to {@code host:port}; the socket can then be
     * used from any thread. Reads time out after {@link #SOCKET_TIMEOUT}.
     */
    static Socket connect(NsThread thread, String host, int port) {
        return connectFrom(thread, 0, host, port);
    }

    /**
     * {@code count} source ports, from 40000 on, whose flows from the kernel side to the stack's
     * {@code stackPort} the stack's steering program sends to queue {@code queue} of {@code queues}
     * ({@link FlowHash}); for {@link #connectFrom}.
     */
    static List<Integer> portsSteeredTo(int queue, int queues, int stackPort, int count) {
        int kernel = address(StackAddresses.KERNEL);
        int stack = address(StackAddresses.STACK);
        List<Integer> ports = new ArrayList<>();
        for (int port = 40_000; ports.size() < count; port++) {
            if (FlowHash.queue(kernel, port, stack, stackPort, queues) == queue) {
                ports.add(port);
            }
        }
        return ports;
    }

    /** A dotted IPv4 address as the big-endian integer its header holds. */
    private static int address(String dotted) {
        try {
            return ByteBuffer.wrap(InetAddress.getByName(dotted).getAddress()).getInt();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(dotted, e);
        }
    }

    /** {@link #connect} from local port {@code localPort} (0: the kernel picks one). */
    static Socket connectFrom(NsThread thread, int localPort, String host, int port) {
        return thread.call(SOCKET_TIMEOUT.multipliedBy(2), () -> {
            Socket socket = new Socket();
            try {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(localPort));
                socket.connect(new InetSocketAddress(host, port), (int) SOCKET_TIMEOUT.toMillis());
                socket.setSoTimeout((int) SOCKET_TIMEOUT.toMillis());
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            return socket;
        });
    }

    /** @return {@code address:port} of the socket's local end, as {@code ss} and the daemon's log print it */
    static String local(Socket socket) {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** @return {@code address:port} of the socket's remote end */
    static String remote(Socket socket) {
        return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }
}
