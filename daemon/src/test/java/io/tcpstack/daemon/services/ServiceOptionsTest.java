package io.tcpstack.daemon.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.daemon.services.ServiceSpec.Kind;
import java.net.InetSocketAddress;
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
}
