package io.tcpstack.daemon.services.iperf;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The client's test parameters, as far as this server acts on them (iperf3's
 * {@code send_parameters}/{@code get_parameters}; absent numbers mean iperf3's defaults).
 *
 * @param protocol "tcp", "udp" or "sctp": the transport the client asked for
 * @param parallel number of data streams per direction, at least 1
 * @param reverse the server sends (client option {@code -R})
 * @param bidirectional both sides send, on separate streams (client option {@code --bidir})
 * @param omitSeconds leading seconds left out of the results ({@code -O})
 * @param blockSize bytes per write when the server sends ({@code -l}), at least 1
 * @param byteLimit total bytes to send ({@code -n}), 0 for no limit
 * @param blockLimit total blocks to send ({@code -k}), 0 for no limit
 */
record TestParameters(String protocol, int parallel, boolean reverse, boolean bidirectional, int omitSeconds,
        int blockSize, long byteLimit, long blockLimit) {
    /** iperf3's default block size for TCP (128 KiB). */
    static final int DEFAULT_BLOCK_SIZE = 128 * 1024;
    /** A larger block is refused: the server allocates one block per sending stream. */
    static final int MAX_BLOCK_SIZE = 1 << 24;
    /** More streams than this are refused (iperf3's own client caps {@code -P} at 128). */
    static final int MAX_PARALLEL = 128;

    static TestParameters from(JsonNode json) throws IperfProtocolException {
        String protocol = json.has("udp") ? "udp" : json.has("sctp") ? "sctp" : "tcp";
        int parallel = json.path("parallel").asInt(1);
        int blockSize = json.path("len").asInt(DEFAULT_BLOCK_SIZE);
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw new IperfProtocolException("parallel=" + parallel + " is out of range 1.." + MAX_PARALLEL);
        }
        if (blockSize < 1 || blockSize > MAX_BLOCK_SIZE) {
            throw new IperfProtocolException("len=" + blockSize + " is out of range 1.." + MAX_BLOCK_SIZE);
        }
        return new TestParameters(protocol, parallel, json.has("reverse"), json.has("bidirectional"),
                Math.max(0, json.path("omit").asInt(0)), blockSize,
                Math.max(0, json.path("num").asLong(0)), Math.max(0, json.path("blockcount").asLong(0)));
    }

    /** Streams on which the server receives (accepted first, as iperf3's server counts them). */
    int receivingStreams() {
        return reverse && !bidirectional ? 0 : parallel;
    }

    /** Streams on which the server sends. */
    int sendingStreams() {
        return reverse || bidirectional ? parallel : 0;
    }

    /** Bytes after which the sending streams stop, or {@code Long.MAX_VALUE}. */
    long sendLimit() {
        if (byteLimit > 0) {
            return byteLimit;
        }
        return blockLimit > 0 ? blockLimit * blockSize : Long.MAX_VALUE;
    }
}
