package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.StreamSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Daytime (RFC 867): writes the current date and time as one ASCII line and closes, so the
 * service is the side that closes first. The format is RFC 1123's (RFC 867 leaves it open),
 * in UTC, e.g. {@code Tue, 3 Jun 2008 11:05:30 GMT} followed by CRLF.
 */
public final class DaytimeHandler implements ConnectionHandler {
    /** Well-known port (RFC 867). */
    public static final int PORT = 13;

    /** Source of the time written; UTC. */
    private final Clock clock;

    public DaytimeHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void serve(StreamSocket socket) throws IOException {
        String line = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(clock)) + "\r\n";
        socket.outputStream().write(line.getBytes(StandardCharsets.US_ASCII));
    }
}
