package io.tcpstack.core.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultSpecTest {
    @Test
    void parsesEveryKey() {
        FaultSpec s = FaultSpec.parse("loss=5%,dup=2%,reorder=1%,gap=4,hold=30ms,delay=20ms,jitter=10ms,corrupt=0.5%,dir=in,seed=42");
        assertThat(s.loss()).isEqualTo(0.05);
        assertThat(s.duplicate()).isEqualTo(0.02);
        assertThat(s.reorder()).isEqualTo(0.01);
        assertThat(s.reorderGap()).isEqualTo(4);
        assertThat(s.reorderHold()).isEqualTo(Duration.ofMillis(30));
        assertThat(s.delay()).isEqualTo(Duration.ofMillis(20));
        assertThat(s.jitter()).isEqualTo(Duration.ofMillis(10));
        assertThat(s.corrupt()).isEqualTo(0.005);
        assertThat(s.direction()).isEqualTo(FaultDirection.IN);
        assertThat(s.seed()).isEqualTo(42);
    }

    @Test
    void leftOutKeysMeanNoFaultAndDefaults() {
        FaultSpec s = FaultSpec.parse("loss=10%,seed=-7");
        assertThat(s).isEqualTo(FaultSpec.none().withLoss(0.10).withSeed(-7));
        assertThat(s.reorderGap()).isEqualTo(FaultSpec.DEFAULT_GAP);
        assertThat(s.reorderHold()).isEqualTo(FaultSpec.DEFAULT_HOLD);
        assertThat(s.direction()).isEqualTo(FaultDirection.BOTH);
    }

    @Test
    void keysAreCaseInsensitiveAndSpacesAroundValuesAreIgnored() {
        assertThat(FaultSpec.parse("LOSS = 1% , Dir=OUT,seed=1"))
                .isEqualTo(FaultSpec.none().withLoss(0.01).withDirection(FaultDirection.OUT).withSeed(1));
    }

    @Test
    void durationsInMicrosMillisAndSeconds() {
        FaultSpec s = FaultSpec.parse("delay=1s,jitter=500us,seed=1");
        assertThat(s.delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.jitter()).isEqualTo(Duration.ofNanos(500_000));
        assertThat(FaultSpec.parse("delay=0,seed=1").delay()).isZero();
    }

    @Test
    void withoutSeedARandomSeedIsChosenAndShown() {
        FaultSpec a = FaultSpec.parse("loss=1%");
        FaultSpec b = FaultSpec.parse("loss=1%");
        assertThat(a.seed()).isNotEqualTo(b.seed());
        assertThat(a.toString()).contains("seed=" + a.seed());
    }

    @Test
    void textFormRoundTrips() {
        FaultSpec s = FaultSpec.parse("loss=5%,dup=2%,reorder=1%,delay=20ms,jitter=250us,corrupt=0.125%,dir=both,seed=42");
        assertThat(s.toString()).isEqualTo(
                "loss=5%,dup=2%,reorder=1%,gap=3,hold=10ms,delay=20ms,jitter=250us,corrupt=0.125%,dir=both,seed=42");
        assertThat(FaultSpec.parse(s.toString())).isEqualTo(s);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                  | empty fault spec",
        "loss                | 'loss' in fault spec is not key=value",
        "=5%                 | '=5%' in fault spec is not key=value",
        "loss=5              | loss=5: expected a percentage from 0% to 100%",
        "loss=101%           | loss=101%: expected a percentage",
        "loss=-1%            | loss=-1%: expected a percentage",
        "dup=abc             | dup=abc: expected a percentage",
        "delay=20            | delay=20: expected a duration such as 20ms",
        "jitter=1h           | jitter=1h: expected a duration",
        "gap=0               | gap=0: expected 1..1000000",
        "gap=x               | gap=x: expected a whole number",
        "hold=0              | hold must be positive",
        "dir=up              | dir=up: expected in, out or both",
        "seed=1.5            | seed=1.5: expected a whole number",
        "loss=1%,loss=2%     | 'loss' appears twice",
        "loss=1%,            | '' in fault spec is not key=value",
        "drop=1%             | unknown fault 'drop'; expected comma-separated key=value",
    })
    void badSpecsGiveOneLineErrors(String text, String message) {
        assertThatThrownBy(() -> FaultSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
