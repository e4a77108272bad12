package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SynCookiesTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final int LOCAL = 0x0A000002;
    private static final int REMOTE = 0x0A000001;
    private final SynCookies cookies = new SynCookies(new byte[16]);
    private final long t0 = 1_000 * MINUTE + 5;

    private int make(int peerMss, long now) {
        return cookies.make(LOCAL, 80, REMOTE, 40000, 12345, peerMss, now);
    }

    private int check(int cookie, long now) {
        return cookies.check(LOCAL, 80, REMOTE, 40000, 12345, cookie, now);
    }

    @Test
    void everyTableMssComesBack() {
        for (int mss : SynCookies.MSS_TABLE) {
            assertThat(check(make(mss, t0), t0)).isEqualTo(mss);
        }
    }

    @Test
    void anMssBetweenTableValuesComesBackAsTheOneBelow() {
        assertThat(check(make(1400, t0), t0)).isEqualTo(1300);
        assertThat(check(make(9000, t0), t0)).isEqualTo(8960);
        assertThat(check(make(100, t0), t0)).as("below the table: its smallest").isEqualTo(536);
    }

    @Test
    void aCookieIsValidInItsMinuteAndTheNextOnly() {
        int cookie = make(1460, t0);
        assertThat(check(cookie, t0 + MINUTE)).isEqualTo(1460);
        assertThat(check(cookie, t0 + 2 * MINUTE)).isEqualTo(-1);
        assertThat(check(cookie, t0 - MINUTE)).as("from the future").isEqualTo(-1);
    }

    @Test
    void aCookieIsBoundToItsTupleAndPeerIsnAndKey() {
        int cookie = make(1460, t0);
        assertThat(cookies.check(LOCAL, 80, REMOTE, 40001, 12345, cookie, t0)).isEqualTo(-1);
        assertThat(cookies.check(LOCAL, 81, REMOTE, 40000, 12345, cookie, t0)).isEqualTo(-1);
        assertThat(cookies.check(LOCAL, 80, REMOTE + 1, 40000, 12345, cookie, t0)).isEqualTo(-1);
        // the peer's ISN and the low bits are summed with the MSS index: off by 2^16, the index is out of range
        assertThat(cookies.check(LOCAL, 80, REMOTE, 40000, 12345 + 0x10000, cookie, t0)).isEqualTo(-1);
        assertThat(check(cookie + 0x10000, t0)).isEqualTo(-1);
        byte[] otherKey = new byte[16];
        otherKey[0] = 1;
        assertThat(new SynCookies(otherKey).check(LOCAL, 80, REMOTE, 40000, 12345, cookie, t0)).isEqualTo(-1);
    }

    @Test
    void forgedCookiesPassAtTheRateTheLayoutAllows() {
        int passed = 0;
        for (int guess = 0; guess < 1 << 20; guess++) {
            if (check(guess * 4099, t0) >= 0) {
                passed++;
            }
        }
        // 8 valid values of 2^24 per minute and 2 minutes: about 1 in a million guesses
        assertThat(passed).isLessThanOrEqualTo(10);
    }

    @Test
    void theTimestampCarriesWindowScaleAndSackAndNeverRunsAhead() {
        for (int shift = -1; shift <= 14; shift++) {
            for (boolean sack : new boolean[] {false, true}) {
                for (int now : new int[] {0, 63, 64, 1000, -1, Integer.MAX_VALUE}) {
                    int ts = SynCookies.timestamp(now, shift, sack);
                    assertThat(SynCookies.windowScale(ts)).isEqualTo(shift);
                    assertThat(SynCookies.sackPermitted(ts)).isEqualTo(sack);
                    assertThat(now - ts).as("TSval %d for clock %d", ts, now).isBetween(0, 63);
                }
            }
        }
    }
}
