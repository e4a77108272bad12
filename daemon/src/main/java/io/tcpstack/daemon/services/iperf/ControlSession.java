package io.tcpstack.daemon.services.iperf;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpstack.core.socket.LoopStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of one test's control connection, in iperf3's order (iperf3's
 * {@code iperf_run_server} and {@code iperf_handle_message_server}): PARAM_EXCHANGE,
 * CREATE_STREAMS, TEST_START, TEST_RUNNING, then on the client's TEST_END: EXCHANGE_RESULTS
 * (client's results in, ours out), DISPLAY_RESULTS, and the client's IPERF_DONE. A state machine
 * driven by the stream's events ({@link Phase}), on the control connection's loop; the data
 * streams, on any queue's loop, hand their news to it through {@link #loop()}.
 */
final class ControlSession implements IperfConnection {
    private static final Logger log = LoggerFactory.getLogger(ControlSession.class);

    /**
     * How long the client has to open all its data streams after CREATE_STREAMS. Checked when
     * another client asks for a test: a late test is then refused and gives way.
     */
    static final Duration STREAM_WAIT = Duration.ofSeconds(30);

    // iperf3's error numbers (iperf_api.h) and Linux errno values sent with SERVER_ERROR
    static final int IERECVPARAMS = 114;
    static final int IEPROTOCOL = 131;
    static final int IESTREAMACCEPT = 204;
    static final int EINVAL = 22;
    static final int EPROTONOSUPPORT = 93;
    static final int ETIMEDOUT = 110;

    /** Where the session is: what it waits for from the client. */
    private enum Phase {
        /** PARAM_EXCHANGE sent: waits for the parameters (JSON). */
        PARAMETERS,
        /** CREATE_STREAMS sent: waits for the data streams (CLIENT_TERMINATE accepted). */
        CREATING_STREAMS,
        /** TEST_RUNNING sent: waits for TEST_END (or CLIENT_TERMINATE, IPERF_DONE). */
        RUNNING,
        /** EXCHANGE_RESULTS sent: waits for the client's results (JSON). */
        RESULTS,
        /** DISPLAY_RESULTS sent: waits for IPERF_DONE or the end of the connection. */
        DISPLAYED,
        /** Over: the test has ended, the connection is closing; nothing more is read. */
        OVER
    }

    private final IperfTests tests;
    private final IperfTest test;
    private final LoopStream stream;
    /** The control connection's event loop, where this session runs. */
    private final Executor loop;
    private final ControlChannel control;
    /** Written on {@link #loop}; read by {@link #overdue} from any loop. */
    private volatile Phase phase = Phase.PARAMETERS;
    /** The test's clock by which every data stream must have connected; set at CREATE_STREAMS. */
    private volatile long streamsDeadline;

    ControlSession(IperfTests tests, IperfTest test, LoopStream stream, Executor loop) {
        this.tests = tests;
        this.test = test;
        this.stream = stream;
        this.loop = loop;
        this.control = new ControlChannel(stream);
    }

    IperfTest test() {
        return test;
    }

    /** The control connection's event loop: the session's work runs there. */
    Executor loop() {
        return loop;
    }

    /** The connection is this test's control connection: asks for the parameters. */
    void open() {
        control.writeState(IperfState.PARAM_EXCHANGE);
    }

    @Override
    public void readable() {
        try {
            while (phase != Phase.OVER && step()) {
                // each step consumed one whole message
            }
        } catch (EOFException e) {
            if (phase == Phase.DISPLAYED) {
                over(); // the client may close without IPERF_DONE once it has displayed the results
            } else {
                fail(e.getMessage() + " during the test");
            }
        } catch (IOException e) {
            fail(e.getMessage());
        }
    }

    /** Acts on the next whole message of the current phase; false if it has not all arrived yet. */
    private boolean step() throws IOException {
        switch (phase) {
            case PARAMETERS -> {
                TestParameters parameters;
                try {
                    JsonNode json = control.readJson();
                    if (json == null) {
                        return false;
                    }
                    parameters = TestParameters.from(json);
                } catch (IperfProtocolException e) {
                    refuse("bad parameters: " + e.getMessage(), IERECVPARAMS, EINVAL);
                    return true;
                }
                expect(parameters);
            }
            case RESULTS -> {
                JsonNode json = control.readJson();
                if (json == null) {
                    return false;
                }
                sendResults(json);
            }
            default -> {
                IperfState state = control.readState();
                if (state == null) {
                    return false;
                }
                react(state);
            }
        }
        return true;
    }

    private void expect(TestParameters parameters) {
        if (!parameters.protocol().equals("tcp")) {
            refuse("a " + parameters.protocol() + " test: only TCP is served", IEPROTOCOL, EPROTONOSUPPORT);
            return;
        }
        test.expect(parameters);
        streamsDeadline = test.now() + STREAM_WAIT.toNanos();
        phase = Phase.CREATING_STREAMS;
        control.writeState(IperfState.CREATE_STREAMS);
    }

    /** Every data stream has connected: TEST_START, then TEST_RUNNING. Once; later calls do nothing. */
    void streamsConnected() {
        if (phase != Phase.CREATING_STREAMS) {
            return; // streams of two loops saw the last one connect, or the test is over
        }
        control.writeState(IperfState.TEST_START);
        test.start();
        control.writeState(IperfState.TEST_RUNNING);
        phase = Phase.RUNNING;
        log.info("iperf3 {}: test started: {}", stream.remoteAddress(), test.parameters());
    }

    /** A client state byte while the test is set up, runs, or shows its results. */
    private void react(IperfState state) throws IOException {
        switch (state) {
            case TEST_END -> {
                if (phase != Phase.RUNNING) {
                    throw new IperfProtocolException("TEST_END before the test ran");
                }
                test.end();
                phase = Phase.RESULTS;
                control.writeState(IperfState.EXCHANGE_RESULTS);
            }
            case IPERF_DONE -> over();
            case CLIENT_TERMINATE -> {
                log.info("iperf3 {}: the client terminated the test", stream.remoteAddress());
                over();
            }
            default -> throw new IperfProtocolException("unexpected state " + state + " from the client");
        }
    }

    /** EXCHANGE_RESULTS: the client's results in, ours out, then DISPLAY_RESULTS. */
    private void sendResults(JsonNode clientResults) throws IOException {
        ProcessCpu.Sample endCpu = ProcessCpu.sample();
        ResultsReport.adoptClientIds(test.streams(), clientResults);
        control.writeJson(ResultsReport.of(test, endCpu));
        control.writeState(IperfState.DISPLAY_RESULTS);
        phase = Phase.DISPLAYED;
        long bytes = test.streams().stream().mapToLong(IperfStream::countedBytes).sum();
        double seconds = (test.endNanos() - test.startNanos()) / 1e9;
        log.info("iperf3 {}: test ended: {} bytes in {} s ({} Gbit/s)", stream.remoteAddress(), bytes,
                String.format("%.2f", seconds), String.format("%.3f", bytes * 8 / seconds / 1e9));
    }

    /** True if the client is still setting up its streams past {@link #STREAM_WAIT}. */
    boolean overdue() {
        return phase == Phase.CREATING_STREAMS && test.now() - streamsDeadline > 0;
    }

    /** Refuses the overdue test (iperf3's "unable to accept stream connection") and ends it. */
    void giveUp() {
        if (phase == Phase.OVER) {
            return;
        }
        refuse("the client opened " + test.streams().size() + " of " + test.expected() + " streams in "
                + STREAM_WAIT, IESTREAMACCEPT, ETIMEDOUT);
    }

    /** SERVER_ERROR with iperf3's error number: the client prints iperf3's message for it and exits. */
    private void refuse(String why, int iperfErrno, int errno) {
        log.info("iperf3 {}: refused {}", stream.remoteAddress(), why);
        control.writeError(iperfErrno, errno);
        over();
    }

    /** The client broke the protocol or went away mid-test: the test ends and the connection is reset. */
    private void fail(String why) {
        log.debug("iperf3 {}: control connection ended: {}", stream.remoteAddress(), why);
        stream.abort();
        over();
    }

    /** The session is done: the test ends, the server is free for the next one, the connection closes. */
    private void over() {
        if (phase == Phase.OVER) {
            return;
        }
        phase = Phase.OVER;
        test.end();
        tests.release(this);
        control.closeWhenFlushed();
    }

    @Override
    public void writable() {
        control.flush();
    }

    @Override
    public void closed(IOException error) {
        if (phase != Phase.OVER) {
            log.debug("iperf3 {}: control connection ended during the test: {}", stream.remoteAddress(),
                    error == null ? "closed" : error.getMessage());
        }
        phase = Phase.OVER;
        test.end();
        tests.release(this);
    }
}
