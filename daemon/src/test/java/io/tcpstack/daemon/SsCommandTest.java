package io.tcpstack.daemon;

import io.tcpstack.daemon.control.ControlServer;
import io.tcpstack.daemon.control.TestSnapshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tcpstack ss} and {@code stats} against a control socket that answers with a fixed snapshot. */
class SsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    @TempDir
    Path dir;
    private Path socket;
    private ControlServer server;

    @BeforeEach
    void serve() {
        socket = dir.resolve("tcps0.sock");
        server = TestSnapshots.serve(socket);
    }

    @AfterEach
    void close() {
        server.close();
    }

    /** The output of one command (each run starts a new one). */
    private String run(String... args) {
        out.getBuffer().setLength(0);
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        String[] argv = new String[args.length + 2];
        argv[0] = args[0];
        argv[1] = "--control";
        argv[2] = socket.toString();
        System.arraycopy(args, 1, argv, 3, args.length - 1);
        assertThat(cmd.execute(argv)).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void infoShowsTheConnectionsInternalsAndTheListenersQueues() {
        assertThat(run("ss", "-tanoi").lines().toList()).containsExactly(
                "State       Recv-Q Send-Q Local Address:Port    Peer Address:Port    ",
                "LISTEN           0     50 10.0.0.2:7            0.0.0.0:*            ",
                "\t syn_queue:1/128 accept_queue:0/50",
                "ESTAB            2      3 10.0.0.2:7            10.0.0.1:40000       ",
                "\t cubic wscale:7,7 rto:200 rtt:0.125/0.062 mss:1448 cwnd:14480 ssthresh:2147483647"
                        + " bytes_acked:6 bytes_received:5 retrans:0 sack ts timer:(on,200ms,0)");
    }

    @Test
    void filtersPickRowsByStateAndPort() {
        assertThat(run("ss", "--state", "listen")).contains("LISTEN").doesNotContain("ESTAB");
        assertThat(run("ss", "state", "established", "( dport = :40000 )")).contains("ESTAB").doesNotContain("LISTEN");
        assertThat(run("ss", "--port", "40000", "--json")).contains("\"peerPort\":40000").doesNotContain("LISTEN");
        assertThat(run("ss", "sport = :8").lines()).hasSize(1);
        assertThat(run("ss", "dst", "10.0.0.1:40000")).contains("ESTAB").doesNotContain("LISTEN");
        assertThat(run("ss", "dst", "10.0.0.1:40001").lines()).hasSize(1);
        assertThat(run("ss", "dst", "10.0.0.9").lines()).hasSize(1);
    }

    @Test
    void statsPrintsOneCounterPerLine() {
        assertThat(run("stats").lines()).contains("tcp    InSegs                       12",
                "state  ESTABLISHED                  1", "tcp    SendBufferBytes              3",
                "tcp    MemoryBytes                  5", "tcp    MemoryLimitBytes             1048576",
                "loop   BusyNanos                    2500000000");
    }
}
