package io.tcpstack.daemon.services.iperf;

import io.tcpstack.core.socket.StreamSocket;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of one test's control connection, in iperf3's order (iperf3's
 * {@code iperf_run_server} and {@code iperf_handle_message_server}): PARAM_EXCHANGE,
 * CREATE_STREAMS, TEST_START, TEST_RUNNING, then on the client's TEST_END: EXCHANGE_RESULTS
 * (client's results in, ours out), DISPLAY_RESULTS, and the client's IPERF_DONE.
 */
final class ControlSession {
    private static final Logger log = LoggerFactory.getLogger(ControlSession.class);

    /** How long the client has to open all its data streams after CREATE_STREAMS. */
    static final Duration STREAM_WAIT = Duration.ofSeconds(30);
    /** How long a sending stream has to finish its last write after TEST_END (the client drains). */
    static final Duration SENDER_WAIT = Duration.ofSeconds(10);

    // iperf3's error numbers (iperf_api.h) and Linux errno values sent with SERVER_ERROR
    static final int IERECVPARAMS = 114;
    static final int IEPROTOCOL = 131;
    static final int IESTREAMACCEPT = 204;
    static final int EINVAL = 22;
    static final int EPROTONOSUPPORT = 93;
    static final int ETIMEDOUT = 110;

    private final IperfTest test;
    private final StreamSocket socket;
    private final ControlChannel control;
    /** Set once DISPLAY_RESULTS is sent: from then on the client may close without IPERF_DONE. */
    private boolean displayed;

    ControlSession(IperfTest test, StreamSocket socket) {
        this.test = test;
        this.socket = socket;
        this.control = new ControlChannel(socket);
    }

    void run() throws IOException, InterruptedException {
        control.writeState(IperfState.PARAM_EXCHANGE);
        TestParameters parameters;
        try {
            parameters = TestParameters.from(control.readJson());
        } catch (IperfProtocolException e) {
            refuse("bad parameters: " + e.getMessage(), IERECVPARAMS, EINVAL);
            return;
        }
        if (!parameters.protocol().equals("tcp")) {
            refuse("a " + parameters.protocol() + " test: only TCP is served", IEPROTOCOL, EPROTONOSUPPORT);
            return;
        }
        test.expect(parameters);
        control.writeState(IperfState.CREATE_STREAMS);
        if (!test.awaitStreams(STREAM_WAIT)) {
            refuse("the client opened " + test.streams().size() + " of "
                    + (parameters.receivingStreams() + parameters.sendingStreams()) + " streams in " + STREAM_WAIT,
                    IESTREAMACCEPT, ETIMEDOUT);
            return;
        }
        control.writeState(IperfState.TEST_START);
        test.start();
        control.writeState(IperfState.TEST_RUNNING);
        log.info("iperf3 {}: test started: {}", socket.remoteAddress(), parameters);
        awaitEnd();
    }

    /** SERVER_ERROR with iperf3's error number: the client prints iperf3's message for it and exits. */
    private void refuse(String why, int iperfErrno, int errno) throws IOException {
        log.info("iperf3 {}: refused {}", socket.remoteAddress(), why);
        control.writeError(iperfErrno, errno);
    }

    /** Reacts to the client's state bytes until the test is over. */
    private void awaitEnd() throws IOException, InterruptedException {
        while (true) {
            IperfState state;
            try {
                state = control.readState();
            } catch (EOFException e) {
                if (displayed) {
                    return;
                }
                throw new IperfProtocolException("the client closed the control connection during the test");
            }
            switch (state) {
                case TEST_END -> finish();
                case IPERF_DONE -> {
                    return;
                }
                case CLIENT_TERMINATE -> {
                    log.info("iperf3 {}: the client terminated the test", socket.remoteAddress());
                    return;
                }
                default -> throw new IperfProtocolException("unexpected state " + state + " from the client");
            }
        }
    }

    /** TEST_END: stop counting, exchange results, display. */
    private void finish() throws IOException, InterruptedException {
        test.end();
        if (!test.awaitSenders(SENDER_WAIT)) {
            log.debug("iperf3 {}: a sending stream is still blocked in a write", socket.remoteAddress());
        }
        ProcessCpu.Sample endCpu = ProcessCpu.sample();
        control.writeState(IperfState.EXCHANGE_RESULTS);
        ResultsReport.adoptClientIds(test.streams(), control.readJson());
        control.writeJson(ResultsReport.of(test, endCpu));
        control.writeState(IperfState.DISPLAY_RESULTS);
        displayed = true;
        long bytes = test.streams().stream().mapToLong(IperfStream::countedBytes).sum();
        double seconds = (test.endNanos() - test.startNanos()) / 1e9;
        log.info("iperf3 {}: test ended: {} bytes in {} s ({} Gbit/s)", socket.remoteAddress(), bytes,
                String.format("%.2f", seconds), String.format("%.3f", bytes * 8 / seconds / 1e9));
    }
}
