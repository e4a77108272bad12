package io.tcpstack.daemon.services.iperf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.socket.LoopStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The framing of iperf3's control connection over a non-blocking stream: state bytes, and JSON
 * documents sent as a 4-byte big-endian length followed by that many bytes of JSON text (iperf3's
 * {@code JSON_write}). A message is taken in whatever pieces it arrives in; what is written goes
 * out as the send buffer has room ({@link #flush} on every {@code onWritable}).
 */
final class ControlChannel {
    /** A JSON document longer than this is refused: parameters and results are a few KiB. */
    static final int MAX_JSON_BYTES = 1 << 20;
    /** Bytes of the length that precedes a JSON document. */
    private static final int LENGTH_BYTES = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopStream stream;
    /** The part received so far of the message being read; empty between messages; heap (has an array). */
    private final ByteBuf inbox = Unpooled.buffer(LENGTH_BYTES);
    /** Length of the JSON text being read once its 4-byte prefix is in; -1 while that prefix is incomplete. */
    private int jsonLength = -1;
    /** Bytes written here that the send buffer has not taken yet, in order. */
    private final ByteBuf outbox = Unpooled.buffer(64);
    /** Set by {@link #closeWhenFlushed}: the stream closes once {@link #outbox} is empty. */
    private boolean closing;

    ControlChannel(LoopStream stream) {
        this.stream = stream;
    }

    /**
     * The next state byte.
     *
     * @return the state; null if it has not arrived yet
     * @throws EOFException if the client closed the connection
     */
    IperfState readState() throws IOException {
        if (!fill(1)) {
            return null;
        }
        byte code = inbox.readByte();
        inbox.clear();
        IperfState state = IperfState.of(code);
        if (state == null) {
            throw new IperfProtocolException("unknown state byte " + code);
        }
        return state;
    }

    /**
     * The next JSON document, which must be an object.
     *
     * @return the document; null while part of it is missing
     * @throws EOFException if the client closed the connection
     */
    JsonNode readJson() throws IOException {
        if (jsonLength < 0) {
            if (!fill(LENGTH_BYTES)) {
                return null;
            }
            int length = inbox.readInt();
            inbox.clear();
            if (length < 0 || length > MAX_JSON_BYTES) {
                throw new IperfProtocolException("JSON length " + Integer.toUnsignedString(length) + " is out of range");
            }
            jsonLength = length;
        }
        if (!fill(jsonLength)) {
            return null;
        }
        jsonLength = -1;
        JsonNode json;
        try {
            json = JSON.readTree(inbox.array(), inbox.arrayOffset() + inbox.readerIndex(), inbox.readableBytes());
        } finally {
            inbox.clear();
        }
        if (json == null || !json.isObject()) {
            throw new IperfProtocolException("expected a JSON object");
        }
        return json;
    }

    /** Reads until {@link #inbox} holds {@code n} bytes; true once it does. */
    private boolean fill(int n) throws EOFException {
        int missing = n - inbox.readableBytes();
        if (missing > 0) {
            inbox.ensureWritable(missing);
            if (stream.read(inbox, missing) < 0) {
                throw new EOFException("the client closed the control connection");
            }
        }
        return inbox.readableBytes() == n;
    }

    void writeState(IperfState state) {
        outbox.writeByte(state.code);
        flush();
    }

    /** SERVER_ERROR then iperf3's error number and an errno (iperf3's {@code iperf_exchange_parameters}). */
    void writeError(int iperfErrno, int errno) {
        outbox.writeByte(IperfState.SERVER_ERROR.code);
        outbox.writeInt(iperfErrno);
        outbox.writeInt(errno);
        flush();
    }

    void writeJson(JsonNode json) throws IOException {
        byte[] text = JSON.writeValueAsBytes(json);
        outbox.writeInt(text.length);
        outbox.writeBytes(text);
        flush();
    }

    /** Closes the stream gracefully as soon as everything written here is in the send buffer. Idempotent. */
    void closeWhenFlushed() {
        closing = true;
        flush();
    }

    /** Moves what the send buffer takes of the written bytes there; call again on {@code onWritable}. */
    void flush() {
        if (outbox.isReadable() && stream.writableBytes() > 0) {
            stream.write(outbox);
            outbox.discardReadBytes();
        }
        if (closing && !outbox.isReadable()) {
            stream.close();
        }
    }

    static ObjectMapper json() {
        return JSON;
    }
}
