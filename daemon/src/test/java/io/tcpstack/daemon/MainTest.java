package io.tcpstack.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Command-line parsing and validation; none of these cases reaches the TUN device. */
class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("tcpstack ").doesNotContain("unknown").doesNotContain("${");
    }

    @Test
    void topLevelHelpNamesTheRunCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: tcpstack").contains("run").contains("--version");
    }

    @Test
    void runHelpDescribesEveryOption() {
        assertThat(run("run", "--help")).isZero();
        assertThat(out.toString()).contains("--tun=NAME", "--address=IP/PREFIX", "--peer-address=IP",
                "--mtu=N", "default: 1500", "--pcap=FILE", "--log-level=LEVEL", "TRACE, DEBUG, INFO, WARN, ERROR");
    }

    @Test
    void traceToAnUnwritablePcapIsOneLineAndExit2(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path pcap = dir.resolve("missing/trace.pcap");
        assertThat(run("trace", "--control", dir.resolve("none.sock").toString(), "--pcap", pcap.toString()))
                .isEqualTo(2);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("tcpstack trace: cannot record to " + pcap + ": ");
        assertThat(run("trace", "--help")).isZero();
        assertThat(out.toString()).contains("--pcap=FILE", "zero bytes");
    }

    @Test
    void runHelpDescribesTheFaultOption() {
        assertThat(run("run", "--help")).isZero();
        assertThat(out.toString()).contains("--fault=SPEC", "loss=5%");
    }

    @Test
    void impairHelpDescribesEveryOption() {
        assertThat(run("impair", "--help")).isZero();
        assertThat(out.toString()).contains("--between=TUN TUN", "--fault=SPEC", "--mtu=N", "--log-level=LEVEL",
                "dir=in impairs packets from A to B");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--fault loss=1%|Missing required option: '--between=TUN'",
        "--between tima timb|Missing required option: '--fault=SPEC'",
        "--between tima --fault loss=1%|Expected parameter 2 (of 2 mandatory parameters) for option '--between'",
        "--between tima tim/b --fault loss=1%|interface name 'tim/b' contains '/'",
        "--between tima timb --fault loss=1%,dir=sideways|dir=sideways: expected in, out or both",
        "--between tima tima --fault loss=1%|--between needs two different interfaces",
    })
    void badImpairArgumentsExitTwoWithOneLine(String args, String reason) {
        assertThat(run(("impair " + args).split(" "))).isEqualTo(2);
        String message = err.toString();
        assertThat(message).contains(reason).startsWith("tcpstack impair: ");
        assertThat(message.strip().lines()).hasSize(1);
    }

    @Test
    void noCommandIsAnArgumentError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("tcpstack: missing command (see 'tcpstack --help')" + System.lineSeparator());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--address 10.0.0.2/24|Missing required option: '--tun=NAME'",
        "--tun tcps0|Missing required option: '--address=IP/PREFIX'",
        "--tun abcdefghijklmnop --address 10.0.0.2/24|interface name 'abcdefghijklmnop' is 16 bytes long; the limit is 15",
        "--tun a/b --address 10.0.0.2/24|interface name 'a/b' contains '/'",
        "--tun tcps0 --address 10.0.0.2|'10.0.0.2' has no prefix length",
        "--tun tcps0 --address 10.0.0.300/24|bad IPv4 address '10.0.0.300'",
        "--tun tcps0 --address 10.0.0.2/24 --mtu 67|MTU 67 is outside 68..65535",
        "--tun tcps0 --address 10.0.0.2/24 --mtu 65536|MTU 65536 is outside 68..65535",
        "--tun tcps0 --address 10.0.0.2/24 --mtu big|'big' is not a number",
        "--tun tcps0 --address 10.0.0.2/24 --peer-address 10.0.0.2|peer address 10.0.0.2 is the stack's own address",
        "--tun tcps0 --address 10.0.0.2/24 --peer-address 10.9.0.1|is not a host address of 10.0.0.0/24",
        "--tun tcps0 --address 10.0.0.2/24 --log-level loud|Invalid value for option '--log-level'",
        "--tun tcps0 --address 10.0.0.2/24 --bogus|Unknown option: '--bogus'",
        "--tun tcps0 --address 10.0.0.2/24 --fault loss=5|Invalid value for option '--fault': loss=5: expected a percentage",
        "--tun tcps0 --address 10.0.0.2/24 --fault drop=1%|unknown fault 'drop'",
        "--tun tcps0 --address 10.0.0.2/24 --queues 0|queue count 0 is outside 1..256",
        "--tun tcps0 --address 10.0.0.2/24 --syn-cookies maybe|unknown SYN cookie mode 'maybe' (auto, always, never)",
        "--tun tcps0 --address 10.0.0.2/24 --max-connections 0|0 is not a positive count",
        "--tun tcps0 --address 10.0.0.2/24 --max-connections lots|'lots' is not a number",
        "--tun tcps0 --address 10.0.0.2/24 --keepalive 60s,10s|'60s,10s' is not IDLE,INTERVAL,COUNT (e.g. 60s,10s,5), on or off",
        "--tun tcps0 --address 10.0.0.2/24 --keepalive 0s,1s,1|keep-alive idle time must be positive (use off to turn keep-alive off)",
        "--tun tcps0 --address 10.0.0.2/24 --keepalive 60s,0s,5|an interval and a count of at least 1 are needed when on",
        "--tun tcps0 --address 10.0.0.2/24 --keepalive 60s,10s,many|'many' is not a number",
        "--tun tcps0 --address 10.0.0.2/24 --user-timeout 5|'5' is not a duration such as 500ms, 30s or 2m",
        "--tun tcps0 --address 10.0.0.2/24 --memory-limit 1t|'1t' is not a size such as 65536, 512k, 64m or 2g",
        "--tun tcps0 --address 10.0.0.2/24 --memory-limit 0|'0' is not a size such as 65536, 512k, 64m or 2g",
        "--tun tcps0 --address 10.0.0.2/24 --metrics 9464|'9464' is not HOST:PORT",
        "--tun tcps0 --address 10.0.0.2/24 --metrics 127.0.0.1:65536|'65536' is not a port number (1-65535)",
        "--tun tcps0 --address 10.0.0.2/24 --service-idle-timeout smtp=5m|unknown service 'smtp' (one of http, echo, discard, chargen, daytime, iperf, forward)",
        "--tun tcps0 --address 10.0.0.2/24 --service-idle-timeout echo=soon|'soon' is not a duration such as 500ms, 30s or 2m",
        "--tun tcps0 --address 10.0.0.2/24 --service-idle-timeout echo|should be in KEY=VALUE format",
        "--tun tcps0 --address 10.0.0.2/24 --service-idle-timeout daytime=1m|daytime closes each connection once it has written the time",
        "--tun tcps0 --address 10.0.0.2/24 --service-connections echo=0|0 is not a positive count",
        "--tun tcps0 --address 10.0.0.2/24 --service-connections gopher=5|unknown service 'gopher'",
        "--tun tcps0 --address 10.0.0.2/24 --service-keepalive echo=60s|'60s' is not IDLE,INTERVAL,COUNT (e.g. 60s,10s,5), on or off",
    })
    void badArgumentsExitTwoWithOneLine(String args, String reason) {
        String[] argv = ("run " + args).split(" ");
        assertThat(run(argv)).isEqualTo(2);
        String message = err.toString();
        assertThat(message).contains(reason).startsWith("tcpstack run: ").endsWith("(see 'tcpstack run --help')"
                + System.lineSeparator());
        assertThat(message.strip().lines()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ss --state sleeping|unknown state 'sleeping' (e.g. established, listen, time-wait)",
        "ss --port 0|'0' is not a port number (1-65535)",
        "ss state|'state' needs a value",
        "ss dport > :80|expected 'dport = :PORT', got 'dport >'",
        "ss dport = :http|'http' is not a port number (1-65535)",
        "ss bogus|unknown filter 'bogus'",
        "ss -l --state established|-l is --state listen: give one of them",
        "ss --tun a/b|interface name 'a/b' contains '/'",
        "ss --tun tcps0 --control /run/x.sock|--control and --tun both name a daemon: give one",
        "stats --bogus|Unknown option: '--bogus'",
    })
    void badClientArgumentsExitTwoWithOneLine(String args, String reason) {
        String[] argv = args.split(" ");
        assertThat(run(argv)).isEqualTo(2);
        String message = err.toString();
        assertThat(message).contains(reason).startsWith("tcpstack " + argv[0] + ": ");
        assertThat(message.strip().lines()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({"ss", "stats"})
    void aClientWithoutADaemonExitsOneWithOneLine(String command, @TempDir Path dir) {
        Path socket = dir.resolve("none.sock");
        assertThat(run(command, "--control", socket.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("tcpstack: no daemon answers on " + socket + " (");
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void nettyLeakDetectionIsOffUnlessTheUserChoseALevel() {
        java.util.Properties unset = new java.util.Properties();
        Main.defaultLeakDetection(unset);
        assertThat(unset.getProperty(Main.LEAK_DETECTION_LEVEL)).isEqualTo("disabled");

        java.util.Properties chosen = new java.util.Properties();
        chosen.setProperty(Main.LEAK_DETECTION_LEVEL, "paranoid");
        Main.defaultLeakDetection(chosen);
        assertThat(chosen.getProperty(Main.LEAK_DETECTION_LEVEL)).isEqualTo("paranoid");
    }

    @Test
    void runOptionsComeFromAnArgumentFile(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("tcps0.conf"), """
                # tcpstack run options, one per line
                --tun tcps0
                --address=10.0.0.2/24
                --mtu 9000
                """);
        CommandLine cmd = Main.commandLine();
        CommandLine.ParseResult parsed = cmd.parseArgs("run", "@" + conf, "--offload", "none");
        RunCommand run = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(run.tun).isEqualTo("tcps0");
        assertThat(run.address).hasToString("10.0.0.2/24");
        assertThat(run.mtu).isEqualTo(9000);
        assertThat(run.offload).isEqualTo(OffloadMode.NONE);
    }

    @Test
    void anOptionInTheFileAndOnTheCommandLineIsGivenTwice(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("tcps0.conf"), "--tun tcps0\n--address 10.0.0.2/24\n--mtu 9000\n");
        assertThat(run("run", "@" + conf, "--mtu", "1400")).isEqualTo(2);
        assertThat(err.toString()).contains("'--mtu'", "only once");
    }

    @ParameterizedTest
    @CsvSource({"bash, complete -F _complete_tcpstack", "zsh, bashcompinit"})
    void completionPrintsAScriptForEveryCommand(String shell, String shellSpecific) {
        assertThat(run("completion", shell)).isZero();
        assertThat(out.toString()).contains(shellSpecific, "--tun", "--peer-address", "impair", "completion");
    }

    @Test
    void completionRejectsAnUnknownShell() {
        assertThat(run("completion", "fish")).isEqualTo(2);
        assertThat(err.toString()).contains("fish");
    }
}
