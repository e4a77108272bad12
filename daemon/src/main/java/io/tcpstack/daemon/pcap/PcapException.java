package io.tcpstack.daemon.pcap;

/** The capture file cannot be written; the message is one line for the user. */
public final class PcapException extends Exception {
    private static final long serialVersionUID = 1L;

    PcapException(String message, Throwable cause) {
        super(message, cause);
    }
}
