package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqNumTest {
    private static final int NEAR_WRAP = 0xFFFF_FFF0;

    @Test
    void comparesPlainNumbers() {
        assertThat(SeqNum.lt(1, 2)).isTrue();
        assertThat(SeqNum.lt(2, 1)).isFalse();
        assertThat(SeqNum.lt(5, 5)).isFalse();
        assertThat(SeqNum.le(5, 5)).isTrue();
        assertThat(SeqNum.le(6, 5)).isFalse();
        assertThat(SeqNum.gt(2, 1)).isTrue();
        assertThat(SeqNum.gt(1, 1)).isFalse();
        assertThat(SeqNum.ge(1, 1)).isTrue();
        assertThat(SeqNum.ge(0, 1)).isFalse();
    }

    @Test
    void comparesAcrossTheWrap() {
        int afterWrap = NEAR_WRAP + 0x20; // 0x10
        assertThat(afterWrap).isEqualTo(0x10);
        assertThat(SeqNum.lt(NEAR_WRAP, afterWrap)).isTrue();
        assertThat(SeqNum.gt(afterWrap, NEAR_WRAP)).isTrue();
        assertThat(SeqNum.le(NEAR_WRAP, afterWrap)).isTrue();
        assertThat(SeqNum.ge(NEAR_WRAP, afterWrap)).isFalse();
        assertThat(SeqNum.lt(Integer.MAX_VALUE, Integer.MIN_VALUE)).isTrue();
        assertThat(SeqNum.lt(-1, 0)).isTrue();
    }

    @Test
    void maxAndMinFollowModularOrder() {
        assertThat(SeqNum.max(NEAR_WRAP, 3)).isEqualTo(3);
        assertThat(SeqNum.min(NEAR_WRAP, 3)).isEqualTo(NEAR_WRAP);
        assertThat(SeqNum.max(7, 9)).isEqualTo(9);
        assertThat(SeqNum.min(7, 9)).isEqualTo(7);
        assertThat(SeqNum.max(4, 4)).isEqualTo(4);
    }

    @Test
    void diffIsSignedDistance() {
        assertThat(SeqNum.diff(10, 3)).isEqualTo(7);
        assertThat(SeqNum.diff(3, 10)).isEqualTo(-7);
        assertThat(SeqNum.diff(0x10, NEAR_WRAP)).isEqualTo(0x20);
        assertThat(SeqNum.diff(NEAR_WRAP, 0x10)).isEqualTo(-0x20);
    }

    @Test
    void inWindowIsHalfOpen() {
        assertThat(SeqNum.inWindow(100, 100, 10)).isTrue();
        assertThat(SeqNum.inWindow(109, 100, 10)).isTrue();
        assertThat(SeqNum.inWindow(110, 100, 10)).isFalse();
        assertThat(SeqNum.inWindow(99, 100, 10)).isFalse();
    }

    @Test
    void emptyWindowContainsNothing() {
        assertThat(SeqNum.inWindow(100, 100, 0)).isFalse();
    }

    @Test
    void inWindowAcrossTheWrap() {
        assertThat(SeqNum.inWindow(NEAR_WRAP, NEAR_WRAP, 0x40)).isTrue();
        assertThat(SeqNum.inWindow(0, NEAR_WRAP, 0x40)).isTrue();
        assertThat(SeqNum.inWindow(0x2F, NEAR_WRAP, 0x40)).isTrue();
        assertThat(SeqNum.inWindow(0x30, NEAR_WRAP, 0x40)).isFalse();
        assertThat(SeqNum.inWindow(NEAR_WRAP - 1, NEAR_WRAP, 0x40)).isFalse();
    }

    @Test
    void maximalWindowLengthIsUnsigned() {
        // A 2^31 + 1 length is meaningless for TCP but must not flip sign.
        assertThat(SeqNum.inWindow(5, 0, 0x8000_0001)).isTrue();
        assertThat(SeqNum.inWindow(0x8000_0000, 0, 0x8000_0001)).isTrue();
    }
}
