package io.tcpstack.daemon.services.iperf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The server's side of EXCHANGE_RESULTS (iperf3's {@code send_results}/{@code get_results}):
 * per-stream byte counts and times, and the process's CPU utilisation.
 */
final class ResultsReport {
    private ResultsReport() {
    }

    /**
     * Gives each stream the id the client uses for it: the client lists its streams in the order it
     * connected them, which is the order they were accepted here.
     */
    static void adoptClientIds(List<IperfStream> streams, JsonNode clientResults) throws IperfProtocolException {
        JsonNode clientStreams = clientResults.path("streams");
        if (!clientStreams.isArray() || clientStreams.size() != streams.size()) {
            throw new IperfProtocolException("client results list " + clientStreams.size() + " streams, "
                    + streams.size() + " were connected");
        }
        for (int i = 0; i < streams.size(); i++) {
            JsonNode id = clientStreams.get(i).path("id");
            if (!id.canConvertToInt()) {
                throw new IperfProtocolException("client results have a stream without an id");
            }
            streams.get(i).id(id.asInt());
        }
    }

    /** The results document of an ended test. */
    static ObjectNode of(IperfTest test, ProcessCpu.Sample endCpu) {
        ObjectNode results = ControlChannel.json().createObjectNode();
        double[] cpu = endCpu.utilisationSince(test.startCpu());
        results.put("cpu_util_total", cpu[0]);
        results.put("cpu_util_user", cpu[1]);
        results.put("cpu_util_system", cpu[2]);
        // -1: this side only received; 0: it sent but does not report retransmissions
        results.put("sender_has_retransmits", test.parameters().sendingStreams() == 0 ? -1 : 0);
        ArrayNode streams = results.putArray("streams");
        for (IperfStream stream : test.streams()) {
            ObjectNode s = streams.addObject();
            s.put("id", stream.id());
            s.put("bytes", stream.countedBytes());
            s.put("retransmits", -1);
            s.put("jitter", 0);
            s.put("errors", 0);
            s.put("packets", 0);
            s.put("start_time", 0);
            s.put("end_time", stream.countedNanos(test.startNanos(), test.endNanos()) / 1e9);
        }
        return results;
    }
}
