package io.tcpstack.daemon.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BytesPatternTest {
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 250, 251, 252, 65_536, 65_537, 300_007})
    void sha256MatchesTheDefinitionByteByByte(long n) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (long i = 0; i < n; i++) {
            sha.update((byte) (i % 251));
        }
        assertThat(BytesPattern.sha256Hex(n)).isEqualTo(HexFormat.of().formatHex(sha.digest()));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 250, 251, 1L << 40})
    void slicesStartAtThePhaseOfTheirOffset(long offset) {
        var slice = BytesPattern.slice(offset, BytesPattern.MAX_SLICE);
        assertThat(slice.readableBytes()).isEqualTo(BytesPattern.MAX_SLICE);
        for (int j = 0; j < BytesPattern.MAX_SLICE; j += 997) {
            assertThat(slice.getByte(j)).isEqualTo((byte) ((offset + j) % 251));
        }
    }
}
