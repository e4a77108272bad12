package io.tcpstack.core.socket;

import java.io.IOException;

/**
 * The event-driven side of a service: callbacks made on the stack's event loop for each connection
 * of a {@link LoopNetwork#listen} listener. Callbacks must return quickly and never block; they act
 * on the connection through the non-blocking {@link LoopStream} calls. One handler instance serves
 * every connection of its listener, so whatever a connection needs to remember lives in
 * {@link LoopStream#attachment()}; a service that keeps nothing costs nothing per idle connection.
 *
 * <p>Back-pressure: {@link LoopStream#write} takes only what fits in the send buffer; a handler that
 * could not write everything stops reading (bytes it leaves unread close the receive window, RFC 9293
 * §3.8.6) and resumes on {@link #onWritable}. An exception thrown by a callback aborts the connection
 * (RST) and is logged; it never reaches the loop.
 */
public interface StreamHandler {
    /** The connection is established and now belongs to this handler. */
    default void onOpen(LoopStream stream) {}

    /** Bytes are readable, or the peer's FIN arrived ({@link LoopStream#read} then returns -1 once all is read). */
    void onReadable(LoopStream stream);

    /** Send-buffer space was freed by an acknowledgment: {@link LoopStream#write} takes bytes again. */
    default void onWritable(LoopStream stream) {}

    /**
     * The connection is over: {@code error} is null after an orderly end or the handler's own close
     * or abort, else {@link java.net.SocketException} "Connection reset" or
     * {@link java.net.SocketTimeoutException}. Called once; the stream takes no calls afterwards.
     */
    default void onClosed(LoopStream stream, IOException error) {}
}
