package io.tcpstack.daemon.services;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * {@code POST /sink}: reads the body (Content-Length or chunked) and answers with one text line,
 * {@code <byte count> <lowercase hex SHA-256>}.
 */
final class SinkExchange implements HttpExchange {
    private final MessageDigest sha256 = BytesPattern.sha256();
    /** Body bytes seen so far, all of them fed to {@link #sha256}. */
    private long count;

    @Override
    public boolean readsBody() {
        return true;
    }

    @Override
    public void onContent(ByteBuf content) {
        count += content.readableBytes();
        sha256.update(content.nioBuffer());
    }

    @Override
    public void respond(HttpReply reply) {
        reply.text(HttpResponseStatus.OK, count + " " + HexFormat.of().formatHex(sha256.digest()) + "\n");
    }
}
