package io.tcpstack.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VirtualClockTest {
    @Test
    void startsAtZeroAndAdvances() {
        VirtualClock clock = new VirtualClock();
        assertThat(clock.nanos()).isZero();
        clock.advance(5);
        clock.advance(7);
        assertThat(clock.nanos()).isEqualTo(12);
    }

    @Test
    void neverMovesBackwards() {
        VirtualClock clock = new VirtualClock();
        clock.advanceTo(100);
        clock.advanceTo(40);
        assertThat(clock.nanos()).isEqualTo(100);
        assertThatThrownBy(() -> clock.advance(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.nanos()).isEqualTo(100);
    }
}
