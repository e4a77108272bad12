package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.core.wire.TcpOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6675 §3 scoreboard, RFC 2018 validation, RFC 2883 D-SACK detection, the newly SACKed ranges. */
class SackScoreboardTest {
    private static final int SMSS = 1000;
    /** SND.UNA at the start; close to the wrap of the sequence space on purpose. */
    private static final int U = -5000;
    private final SackScoreboard sb = new SackScoreboard();
    /** The ranges {@link #heard} was told of, as "from-to". */
    private final List<String> newly = new ArrayList<>();
    private final SackScoreboard.Listener heard = (from, to) -> newly.add(from + "-" + to);

    /** SND.NXT: 20 segments sent. */
    private static final int NXT = U + 20 * SMSS;

    private static TcpOptions blocks(int... edges) {
        TcpOptions o = new TcpOptions();
        for (int i = 0; i < edges.length; i += 2) {
            o.addSackBlock(edges[i], edges[i + 1]);
        }
        return o;
    }

    /** Segment {@code n} (from 0) starts here. */
    private static int s(int n) {
        return U + n * SMSS;
    }

    @Test
    void recordsAndMergesBlocks() {
        assertThat(sb.update(U, U, NXT, blocks(s(2), s(3)), heard)).isTrue();
        assertThat(sb.update(U, U, NXT, blocks(s(4), s(5), s(2), s(3)), heard)).isTrue();
        assertThat(sb.update(U, U, NXT, blocks(s(3), s(4), s(4), s(5)), heard)).isTrue();
        assertThat(sb).hasToString("sacked{" + Integer.toUnsignedString(s(2)) + "-" + Integer.toUnsignedString(s(5)) + "}");
        assertThat(sb.update(U, U, NXT, blocks(s(2), s(5)), heard)).as("nothing new").isFalse();
        assertThat(sb.isSacked(s(2))).isTrue();
        assertThat(sb.isSacked(s(5) - 1)).isTrue();
        assertThat(sb.isSacked(s(5))).isFalse();
        assertThat(sb.isSacked(s(1))).isFalse();
        assertThat(sb.sackedBytes()).isEqualTo(3 * SMSS);
        assertThat(sb.highestSacked()).isEqualTo(s(5));
    }

    @Test
    void ignoresBlocksOutsideUnaToNxtAndEmptyOnes() {
        assertThat(sb.update(U, U, NXT, blocks(NXT, NXT + SMSS), heard)).isFalse();        // beyond SND.NXT
        assertThat(sb.update(U, U, NXT, blocks(s(19), NXT + 1), heard)).isFalse();       // straddles SND.NXT
        assertThat(sb.update(s(1), s(1), NXT, blocks(s(3), s(3)), heard)).isFalse();     // empty
        assertThat(sb.update(s(1), s(1), NXT, blocks(s(3), s(2)), heard)).isFalse();     // reversed
        assertThat(sb.invalidBlocks()).isEqualTo(4);
        assertThat(sb.isEmpty()).isTrue();
        assertThat(sb.highestSacked()).isEqualTo(s(1));
    }

    @Test
    void forgetsWhatSndUnaPasses() {
        sb.update(U, U, NXT, blocks(s(2), s(4), s(6), s(7)), heard);
        sb.update(s(3), s(3), NXT, blocks(s(6), s(7)), heard);  // cumulative ACK into the first block
        assertThat(sb.isSacked(s(2))).isFalse();
        assertThat(sb.isSacked(s(3))).isTrue();
        assertThat(sb.sackedBytes()).isEqualTo(2 * SMSS);
        sb.update(s(7), s(7), NXT, new TcpOptions(), heard);
        assertThat(sb.isEmpty()).isTrue();
        assertThat(sb.highestSacked()).isEqualTo(s(7));
    }

    @Test
    void dsackBelowTheCumulativeAckIsCountedNotRecorded() {
        assertThat(sb.update(s(5), s(5), NXT, blocks(s(1), s(2)), heard)).isFalse();
        assertThat(sb.lastAckHadDsack()).isTrue();
        assertThat(sb.dsacks()).isEqualTo(1);
        assertThat(sb.isEmpty()).isTrue();
        assertThat(sb.invalidBlocks()).isZero();
        sb.update(s(5), s(5), NXT, blocks(s(7), s(8)), heard);
        assertThat(sb.lastAckHadDsack()).isFalse();
    }

    @Test
    void dsackInsideTheSecondBlock() {
        sb.update(U, U, NXT, blocks(s(3), s(6)), heard);
        assertThat(sb.update(U, U, NXT, blocks(s(4), s(5), s(3), s(6)), heard)).isFalse();
        assertThat(sb.lastAckHadDsack()).isTrue();
        assertThat(sb.dsacks()).isEqualTo(1);
        // a first block that is not inside the second is an ordinary one
        assertThat(sb.update(U, U, NXT, blocks(s(8), s(9), s(3), s(6)), heard)).isTrue();
        assertThat(sb.lastAckHadDsack()).isFalse();
    }

    @Test
    void theListenerHearsOnlyTheRangesNewlySacked() {
        sb.update(U, U, NXT, blocks(s(2), s(3)), heard);
        sb.update(U, U, NXT, blocks(s(5), s(6), s(2), s(3)), heard);
        assertThat(newly).containsExactly(s(2) + "-" + s(3), s(5) + "-" + s(6));
        newly.clear();
        sb.update(U, U, NXT, blocks(s(1), s(7)), heard);             // covers both, fills three gaps
        assertThat(newly).containsExactly(s(1) + "-" + s(2), s(3) + "-" + s(5), s(6) + "-" + s(7));
        newly.clear();
        sb.update(s(1), s(1), NXT, blocks(s(0), s(1), s(1), s(7)), heard); // a D-SACK and an old block
        assertThat(newly).isEmpty();
    }

    @Test
    void holesForNextSeg() {
        sb.update(U, U, NXT, blocks(s(2), s(4), s(6), s(7)), heard);
        assertThat(sb.nextUnsacked(s(0))).isEqualTo(s(0));
        assertThat(sb.nextUnsacked(s(2))).isEqualTo(s(4));
        assertThat(sb.nextUnsacked(s(3) + 5)).isEqualTo(s(4));
        assertThat(sb.holeEnd(s(0))).isEqualTo(s(2));
        assertThat(sb.holeEnd(s(4))).isEqualTo(s(6));
        assertThat(sb.holeEnd(s(7))).as("above every SACKed range: up to SND.NXT").isEqualTo(NXT);
        assertThat(sb.holeEnd(s(3))).as("SACKed: empty hole").isEqualTo(s(3));
    }

    @Test
    void clearForgetsEverything() {
        sb.update(U, U, NXT, blocks(s(2), s(4)), heard);
        sb.clear();
        assertThat(sb.isEmpty()).isTrue();
        assertThat(sb.isSacked(s(2))).isFalse();
        assertThat(sb.update(U, U, NXT, blocks(s(2), s(4)), heard)).isTrue();
    }
}
