package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeSetTest {
    private final RangeSet set = new RangeSet();

    @Test
    void addMergesOverlappingAndTouchingRanges() {
        assertThat(set.add(10, 20)).isEqualTo(10);
        assertThat(set.add(30, 40)).isEqualTo(10);
        assertThat(set.add(20, 25)).isEqualTo(5);   // touches [10,20)
        assertThat(set).hasToString("{[10,25) [30,40)}");
        assertThat(set.add(24, 31)).isEqualTo(5);   // bridges the gap
        assertThat(set).hasToString("{[10,40)}");
        assertThat(set.add(12, 18)).isZero();       // nothing new
        assertThat(set.add(0, 50)).isEqualTo(20);
        assertThat(set).hasToString("{[0,50)}");
        assertThat(set.size()).isEqualTo(50);
        assertThat(set.add(5, 5)).isZero();
    }

    @Test
    void removeBelowTrimsAndDrops() {
        set.add(10, 20);
        set.add(30, 40);
        set.removeBelow(15);
        assertThat(set).hasToString("{[15,20) [30,40)}");
        set.removeBelow(30);
        assertThat(set).hasToString("{[30,40)}");
        assertThat(set.size()).isEqualTo(10);
        set.removeBelow(100);
        assertThat(set.isEmpty()).isTrue();
        assertThat(set.size()).isZero();
    }

    @Test
    void queries() {
        set.add(10, 20);
        set.add(30, 40);
        assertThat(set.contains(9)).isFalse();
        assertThat(set.contains(10)).isTrue();
        assertThat(set.contains(19)).isTrue();
        assertThat(set.contains(20)).isFalse();
        assertThat(set.indexOf(35)).isEqualTo(1);
        assertThat(set.indexOf(25)).isEqualTo(-1);
        assertThat(set.firstEndingAfter(19)).isZero();
        assertThat(set.firstEndingAfter(20)).isEqualTo(1);
        assertThat(set.firstEndingAfter(40)).isEqualTo(2);
        assertThat(set.last()).isEqualTo(40);
    }

    @Test
    void agreesWithABitSetOnRandomOperations() {
        Random r = new Random(3);
        BitSet bits = new BitSet();
        long floor = 0;
        for (int op = 0; op < 20_000; op++) {
            if (r.nextInt(10) == 0) {
                floor += r.nextInt(50);
                set.removeBelow(floor);
                bits.clear(0, (int) floor);
            } else {
                int from = (int) floor + r.nextInt(2000);
                int to = from + r.nextInt(60);
                int before = bits.cardinality();
                bits.set(from, to);
                assertThat(set.add(from, to)).isEqualTo(bits.cardinality() - before);
            }
            assertThat(set.size()).isEqualTo(bits.cardinality());
            for (int i = 0; i < set.count(); i++) {
                int s = (int) set.start(i);
                int e = (int) set.end(i);
                assertThat(bits.nextClearBit(s)).isEqualTo(e);
                assertThat(s == 0 || !bits.get(s - 1)).as("ranges are maximal").isTrue();
            }
        }
    }
}
