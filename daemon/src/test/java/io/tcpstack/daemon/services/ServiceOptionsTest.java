package io.tcpstack.daemon.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.daemon.services.ServiceSpec.Kind;
import io.tcpstack.core.tcp.Keepalive;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

class ServiceOptionsTest {
    @Command(name = "run")
    static final class Run {
        @Mixin
        ServiceOptions services;
    }

    private static List<ServiceSpec> parse(String... args) {
        Run run = new Run();
        new CommandLine(run).parseArgs(args);
        return run.services.services();
    }

    @Test
    void everyServiceRunsOnItsWellKnownPortByDefault() {
        assertThat(parse()).containsExactly(
                ServiceSpec.of(Kind.HTTP, 80), ServiceSpec.of(Kind.ECHO, 7), ServiceSpec.of(Kind.DISCARD, 9),
                ServiceSpec.of(Kind.CHARGEN, 19), ServiceSpec.of(Kind.DAYTIME, 13), ServiceSpec.of(Kind.IPERF, 5201));
    }

    @Test
    void portsAreChosenAndServicesTurnedOff() {
        assertThat(parse("--http", "8080", "--echo=7007", "--no-discard", "--no-chargen", "--no-daytime",
                "--iperf", "5202"))
                .containsExactly(ServiceSpec.of(Kind.HTTP, 8080), ServiceSpec.of(Kind.ECHO, 7007),
                        ServiceSpec.of(Kind.IPERF, 5202));
        assertThat(parse("--no-http", "--no-echo", "--no-discard", "--no-chargen", "--no-daytime", "--no-iperf",
                "--http", "81"))
                .isEmpty();
    }

    @Test
    void forwardsAreRepeatable() {
        assertThat(parse("--no-http", "--no-echo", "--no-discard", "--no-chargen", "--no-daytime", "--no-iperf",
                "--forward", "8080=10.0.0.1:80", "--forward=2222=127.0.0.1:22"))
                .containsExactly(
                        ServiceSpec.forward(8080, new InetSocketAddress("10.0.0.1", 80)),
                        ServiceSpec.forward(2222, new InetSocketAddress("127.0.0.1", 22)));
        assertThat(ServiceSpec.forward(8080, new InetSocketAddress("10.0.0.1", 80)).name())
                .isEqualTo("forward to 10.0.0.1:80");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--forward|8080|'8080' is not PORT=HOST:HPORT",
            "--forward|8080=10.0.0.1|'8080=10.0.0.1' is not PORT=HOST:HPORT",
            "--forward|8080=:80|'8080=:80' is not PORT=HOST:HPORT",
            "--forward|8080=10.0.0.1:|'8080=10.0.0.1:' is not PORT=HOST:HPORT",
            "--forward|x=10.0.0.1:80|'x' is not a port number (1-65535)",
            "--forward|8080=10.0.0.1:70000|'70000' is not a port number (1-65535)",
            "--http|0|'0' is not a port number (1-65535)",
            "--echo|seven|'seven' is not a port number (1-65535)",
    })
    void badValuesGiveAOneLineError(String option, String value, String message) {
        assertThatThrownBy(() -> parse(option, value))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("Invalid value for option '" + option + "'")
                .hasMessageEndingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aPortGivenTwiceIsAParameterError() {
        assertThatThrownBy(() -> parse("--forward", "80=10.0.0.1:8080"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("port 80 is given to both http and forward to 10.0.0.1:8080");
    }

    @Test
    void perServiceOptionsSetIdleTimeoutsCapsAndKeepaliveOfTheirServiceOnly() {
        Keepalive keepalive = new Keepalive(Duration.ofSeconds(60), Duration.ofSeconds(10), 5);
        List<ServiceSpec> services = parse("--no-discard", "--no-chargen", "--no-daytime", "--no-iperf",
                "--forward", "8080=10.0.0.1:80", "--forward", "8081=10.0.0.1:81",
                "--service-idle-timeout", "echo=5m", "--service-idle-timeout=forward=1m", "--service-idle-timeout", "http=30s",
                "--service-connections", "echo=100", "--service-connections", "http=2",
                "--service-keepalive", "forward=60s,10s,5", "--service-keepalive", "echo=off");
        assertThat(services).extracting(s -> s.timeouts().idle()).containsExactly(
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(1));
        assertThat(services.get(0).timeouts().header()).as("http keeps its header timeout").isEqualTo(Duration.ofSeconds(20));
        assertThat(services).extracting(ServiceSpec::limits).containsExactly(
                new ServiceLimits(2, null), new ServiceLimits(100, Keepalive.OFF),
                new ServiceLimits(ServiceLimits.UNLIMITED, keepalive), new ServiceLimits(ServiceLimits.UNLIMITED, keepalive));
    }

    @Test
    void withoutPerServiceOptionsOnlyHttpHasTimeoutsAndNoServiceHasACap() {
        assertThat(parse()).allSatisfy(s -> assertThat(s.limits()).isEqualTo(ServiceLimits.NONE))
                .filteredOn(s -> s.kind() != Kind.HTTP)
                .allSatisfy(s -> assertThat(s.timeouts()).isEqualTo(ServiceTimeouts.NONE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--service-idle-timeout daytime=5m|daytime closes each connection once it has written the time: it has no idle timeout",
            "--service-idle-timeout http=5m --http-idle-timeout 10s|--http-idle-timeout and --service-idle-timeout http=... both set HTTP's idle timeout",
    })
    void conflictingPerServiceOptionsAreParameterErrors(String args, String message) {
        assertThatThrownBy(() -> parse(args.split(" "))).isInstanceOf(ParameterException.class).hasMessage(message);
    }
}
