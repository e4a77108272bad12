package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.StreamSocket;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Character generator (RFC 864): streams the customary rotating pattern until the client closes
 * or resets; data received is thrown away. Line {@code k} (from 0) holds the 72 printable ASCII
 * characters starting at {@code ' ' + (k mod 95)}, wrapping from {@code '~'} back to {@code ' '},
 * then CRLF.
 */
public final class ChargenHandler implements ConnectionHandler {
    /** Well-known port (RFC 864). */
    public static final int PORT = 19;
    /** Characters per line, before CRLF (RFC 864). */
    static final int LINE_WIDTH = 72;
    /** The 95 printable ASCII characters, ' ' to '~'. */
    static final int CHARACTERS = 95;
    /** One period of the stream: lines 0 to 94, each with CRLF; immutable. */
    static final byte[] PERIOD = period();

    private static byte[] period() {
        int lineLength = LINE_WIDTH + 2;
        byte[] period = new byte[CHARACTERS * lineLength];
        for (int line = 0; line < CHARACTERS; line++) {
            int base = line * lineLength;
            for (int i = 0; i < LINE_WIDTH; i++) {
                period[base + i] = (byte) (' ' + (line + i) % CHARACTERS);
            }
            period[base + LINE_WIDTH] = '\r';
            period[base + LINE_WIDTH + 1] = '\n';
        }
        return period;
    }

    @Override
    public void serve(StreamSocket socket) throws IOException {
        PeerWatch watch = new PeerWatch(socket);
        Thread.ofVirtual().name("chargen-drain " + socket.remoteAddress()).start(watch);
        OutputStream out = socket.outputStream();
        try {
            while (true) {
                out.write(PERIOD);
            }
        } catch (IOException e) {
            if (!watch.peerDone) {
                throw e;
            } // else: the failure is the close that followed the client's FIN
        }
    }

    /** Drains and discards input; once the client's FIN or reset arrives, closes the socket. */
    private static final class PeerWatch implements Runnable {
        private final StreamSocket socket;
        /** Set before the socket is closed, once input has ended (FIN, reset or close). */
        volatile boolean peerDone;

        PeerWatch(StreamSocket socket) {
            this.socket = socket;
        }

        @Override
        public void run() {
            try {
                socket.inputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // a reset or our own close: the writer sees it too
            } finally {
                peerDone = true;
                try {
                    socket.close(); // unblocks the writer
                } catch (IOException e) {
                    // already closed or reset
                }
            }
        }
    }
}
