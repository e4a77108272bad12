package io.tcpstack.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.core.tcp.Keepalive;
import io.tcpstack.core.tcp.TcpConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The TCP options of {@code tcpstack run} reach the {@link TcpConfig} they describe. */
class TcpOptionsTest {
    @Command(name = "run")
    static final class Run {
        @Mixin
        TcpOptions tcp;
    }

    private static TcpConfig parse(String... args) {
        Run run = new Run();
        new CommandLine(run).parseArgs(args);
        return run.tcp.config();
    }

    @Test
    void keepaliveAndUserTimeoutAreOffByDefault() {
        TcpConfig config = parse();
        assertThat(config.keepalive()).isEqualTo(Keepalive.OFF);
        assertThat(config.userTimeout()).isZero();
    }

    @Test
    void keepaliveTakesIdleIntervalAndCountOrOn() {
        assertThat(parse("--keepalive", "60s,10s,5").keepalive())
                .isEqualTo(new Keepalive(Duration.ofSeconds(60), Duration.ofSeconds(10), 5));
        assertThat(parse("--keepalive", "on").keepalive()).isEqualTo(Keepalive.LINUX_DEFAULTS);
        assertThat(parse("--keepalive", "off").keepalive()).isEqualTo(Keepalive.OFF);
    }

    @Test
    void floodLimitsDefaultToLinuxsAndCanBeSet() {
        assertThat(parse().challengeAckLimit()).isEqualTo(1000);
        TcpConfig config = parse("--challenge-ack-limit", "50", "--rst-limit", "20");
        assertThat(config.challengeAckLimit()).isEqualTo(50);
        assertThat(config.resetLimit()).isEqualTo(20);
    }

    @Test
    void theMemoryLimitIsASizeAndDefaultsToHalfTheHeap() {
        assertThat(parse().memoryLimit()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
        assertThat(parse("--memory-limit", "512m").memoryLimit()).isEqualTo(512L << 20);
        assertThat(parse("--memory-limit", "2G").memoryLimit()).isEqualTo(2L << 30);
        assertThat(parse("--memory-limit", "65536").memoryLimit()).isEqualTo(65536);
    }

    @Test
    void userTimeoutIsADuration() {
        assertThat(parse("--user-timeout", "1500ms").userTimeout()).isEqualTo(Duration.ofMillis(1500));
    }
}
