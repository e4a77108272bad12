package io.tcpstack.daemon.services.iperf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.socket.LoopStream;

/** A new connection until the 37-byte cookie that opens it (iperf3's COOKIE_SIZE) has arrived. */
final class CookieReader {
    /** Bytes of the cookie received so far; full once the cookie is complete. */
    private final ByteBuf cookie = Unpooled.buffer(IperfHandler.COOKIE_SIZE, IperfHandler.COOKIE_SIZE);

    /**
     * Takes what has arrived of the cookie, and no byte after it.
     *
     * @return the whole cookie; null while part of it is missing
     * @throws IperfProtocolException if the client closed before sending all of it
     */
    byte[] read(LoopStream stream) throws IperfProtocolException {
        if (stream.read(cookie, cookie.writableBytes()) < 0) {
            throw new IperfProtocolException("connection closed before its cookie");
        }
        if (cookie.isWritable()) {
            return null;
        }
        byte[] bytes = new byte[IperfHandler.COOKIE_SIZE];
        cookie.readBytes(bytes);
        return bytes;
    }
}
