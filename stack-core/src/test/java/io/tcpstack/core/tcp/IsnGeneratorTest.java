package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

class IsnGeneratorTest {
    private static final int LOCAL = 0x0A000001;  // 10.0.0.1
    private static final int REMOTE = 0x0A000002; // 10.0.0.2
    private static final long TICK = 4_000;

    private final VirtualClock clock = new VirtualClock();
    private final byte[] key = {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    };
    private final IsnGenerator generator = new IsnGenerator(clock, key);

    @Test
    void isnIsTimerPlusSipHashOfTheTupleInNetworkOrder() {
        clock.advance(1_000 * TICK + 3_999);
        byte[] tuple = {10, 0, 0, 1, 0x1f, (byte) 0x90, 10, 0, 0, 2, (byte) 0xc3, 0x50}; // :8080, :50000
        long f = SipHash24.hash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L, tuple);
        assertThat(generator.isn(LOCAL, 8080, REMOTE, 50000)).isEqualTo(1_000 + (int) f);
    }

    @Test
    void sameTupleAdvancesOnePerFourMicroseconds() {
        int first = generator.isn(LOCAL, 80, REMOTE, 40000);
        assertThat(generator.isn(LOCAL, 80, REMOTE, 40000)).isEqualTo(first);
        clock.advance(TICK - 1);
        assertThat(generator.isn(LOCAL, 80, REMOTE, 40000)).isEqualTo(first);
        clock.advance(1);
        assertThat(generator.isn(LOCAL, 80, REMOTE, 40000)).isEqualTo(first + 1);
        clock.advance(250_000 * TICK);
        assertThat(generator.isn(LOCAL, 80, REMOTE, 40000)).isEqualTo(first + 250_001);
    }

    @Test
    void timerWrapsModulo2To32() {
        clock.advance((1L << 32) * TICK);
        IsnGenerator atZero = new IsnGenerator(new VirtualClock(), key);
        assertThat(generator.isn(LOCAL, 80, REMOTE, 40000)).isEqualTo(atZero.isn(LOCAL, 80, REMOTE, 40000));
    }

    @Test
    void everyTupleFieldChangesTheIsn() {
        int base = generator.isn(LOCAL, 80, REMOTE, 40000);
        assertThat(generator.isn(LOCAL + 1, 80, REMOTE, 40000)).isNotEqualTo(base);
        assertThat(generator.isn(LOCAL, 81, REMOTE, 40000)).isNotEqualTo(base);
        assertThat(generator.isn(LOCAL, 80, REMOTE + 1, 40000)).isNotEqualTo(base);
        assertThat(generator.isn(LOCAL, 80, REMOTE, 40001)).isNotEqualTo(base);
        assertThat(generator.isn(REMOTE, 40000, LOCAL, 80)).as("direction matters").isNotEqualTo(base);
    }

    @Test
    void differentKeysGiveUnrelatedIsns() {
        byte[] other = key.clone();
        other[15] ^= 1;
        assertThat(new IsnGenerator(clock, other).isn(LOCAL, 80, REMOTE, 40000))
                .isNotEqualTo(generator.isn(LOCAL, 80, REMOTE, 40000));
        assertThat(new IsnGenerator(clock).isn(LOCAL, 80, REMOTE, 40000))
                .isNotEqualTo(new IsnGenerator(clock).isn(LOCAL, 80, REMOTE, 40000));
    }

    @Test
    void keyMustBe16Bytes() {
        assertThatThrownBy(() -> new IsnGenerator(clock, new byte[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 bytes");
    }
}
