package io.tcpstack.daemon.services.iperf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpstack.core.socket.StreamSocket;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The framing of iperf3's control connection: state bytes, and JSON documents sent as a 4-byte
 * big-endian length followed by that many bytes of JSON text (iperf3's {@code JSON_write}).
 */
final class ControlChannel {
    /** A JSON document longer than this is refused: parameters and results are a few KiB. */
    static final int MAX_JSON_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataInputStream in;
    private final DataOutputStream out;

    ControlChannel(StreamSocket socket) {
        this.in = new DataInputStream(socket.inputStream());
        this.out = new DataOutputStream(socket.outputStream());
    }

    /** Reads the next state byte; an end of stream is reported as an EOFException. */
    IperfState readState() throws IOException {
        byte code = in.readByte();
        IperfState state = IperfState.of(code);
        if (state == null) {
            throw new IperfProtocolException("unknown state byte " + code);
        }
        return state;
    }

    void writeState(IperfState state) throws IOException {
        out.writeByte(state.code);
        out.flush();
    }

    /** SERVER_ERROR then iperf3's error number and an errno (iperf3's {@code iperf_exchange_parameters}). */
    void writeError(int iperfErrno, int errno) throws IOException {
        out.writeByte(IperfState.SERVER_ERROR.code);
        out.writeInt(iperfErrno);
        out.writeInt(errno);
        out.flush();
    }

    JsonNode readJson() throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_JSON_BYTES) {
            throw new IperfProtocolException("JSON length " + Integer.toUnsignedString(length) + " is out of range");
        }
        byte[] text = new byte[length];
        in.readFully(text);
        JsonNode json = JSON.readTree(text);
        if (json == null || !json.isObject()) {
            throw new IperfProtocolException("expected a JSON object");
        }
        return json;
    }

    void writeJson(JsonNode json) throws IOException {
        byte[] text = JSON.writeValueAsBytes(json);
        out.writeInt(text.length);
        out.write(text);
        out.flush();
    }

    /** Reads exactly {@link IperfHandler#COOKIE_SIZE} bytes from a new connection. */
    static byte[] readCookie(StreamSocket socket) throws IOException {
        byte[] cookie = new byte[IperfHandler.COOKIE_SIZE];
        try {
            new DataInputStream(socket.inputStream()).readFully(cookie);
        } catch (EOFException e) {
            throw new IperfProtocolException("connection closed before its cookie");
        }
        return cookie;
    }

    /** Tells a connection that came at the wrong time that it is refused. */
    static void deny(StreamSocket socket) throws IOException {
        OutputStream raw = socket.outputStream();
        raw.write(IperfState.ACCESS_DENIED.code);
        raw.flush();
    }

    static ObjectMapper json() {
        return JSON;
    }
}
