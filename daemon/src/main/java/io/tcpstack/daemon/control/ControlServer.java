package io.tcpstack.daemon.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daemon's control socket: a Unix domain socket (no network address) speaking
 * {@link ControlProtocol}, one virtual thread per client. The socket is the owner's only (0600),
 * in a directory made owner-only (0700) when missing; a stale socket file left by a daemon that
 * died is replaced, and the file is removed on {@link #close}.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final Path path;
    private final ServerSocketChannel server;
    private final ControlProtocol protocol;
    /** Connected clients, closed with the server. */
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();

    private ControlServer(Path path, ServerSocketChannel server, ControlProtocol protocol) {
        this.path = path;
        this.server = server;
        this.protocol = protocol;
    }

    /**
     * Listens on {@code path}; when that fails the daemon runs on without a control channel: one
     * warning and null.
     */
    public static ControlServer start(Path path, ControlProtocol protocol) {
        try {
            ControlServer control = new ControlServer(path, bind(path), protocol);
            Thread.ofVirtual().name("tcpstack-control").start(control::acceptLoop);
            return control;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("no control socket ({}: {}); tcpstack ss, stats and trace cannot reach this daemon", path, e.getMessage());
            return null;
        }
    }

    public Path path() {
        return path;
    }

    private static ServerSocketChannel bind(Path path) throws IOException {
        Path directory = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        removeStale(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Deletes a socket file nobody answers on; one a live daemon answers on stays, and this one gets none. */
    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean answered;
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            answered = probe.isConnected();
        } catch (IOException e) {
            answered = false;
        }
        if (answered) {
            throw new IOException("another daemon answers on it");
        }
        Files.delete(path);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                clients.add(client);
                Thread.ofVirtual().name("tcpstack-control-client").start(() -> serve(client));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("control socket {}: {}", path, e.getMessage());
                return;
            }
        }
    }

    /** Answers each request line of one client until it hangs up. */
    private void serve(SocketChannel client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                StandardCharsets.UTF_8))) {
            OutputStream out = Channels.newOutputStream(client);
            ControlProtocol.Replies replies = reply -> {
                out.write((ControlProtocol.JSON.writeValueAsString(reply) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            };
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    protocol.handle(line, replies);
                }
            }
        } catch (IOException e) {
            LOG.debug("control client: {}", e.toString()); // hung up mid-reply, or the server closed
        } finally {
            clients.remove(client);
        }
    }

    /** Stops listening, hangs up on every client and removes the socket file. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing control socket {}: {}", path, e.toString());
        }
        for (SocketChannel client : clients) {
            try {
                client.close();
            } catch (IOException e) {
                LOG.debug("closing control client: {}", e.toString());
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot remove control socket {}: {}", path, e.getMessage());
        }
    }
}
