package io.tcpstack.tun;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class IfReqTest {
    @Test
    void isFortyBytesWithTheNameFirstAndNulTerminated() {
        IfReq ifr = new IfReq("abcdefghijklmno");
        assertThat(ifr.bytes()).hasSize(40);
        assertThat(new String(ifr.bytes(), 0, 15)).isEqualTo("abcdefghijklmno");
        assertThat(ifr.bytes()[15]).isZero();
        assertThat(ifr.name()).isEqualTo("abcdefghijklmno");
    }

    @Test
    void flagsAreANativeShortAtOffsetSixteen() {
        IfReq ifr = new IfReq("tcps0").flags(TunDevice.IFF_TUN | TunDevice.IFF_NO_PI);
        assertThat(ByteBuffer.wrap(ifr.bytes()).order(ByteOrder.nativeOrder()).getShort(16)).isEqualTo((short) 0x1001);
        assertThat(ifr.flags()).isEqualTo(0x1001);
        assertThat(ifr.bytes()[18]).isZero();
    }

    @Test
    void flagsReadBackAsUnsigned() {
        assertThat(new IfReq("x").flags(0x9003).flags()).isEqualTo(0x9003);
    }

    @Test
    void txQueueLengthIsTheSameNativeIntAsTheMtu() {
        IfReq ifr = new IfReq("tcps0").txQueueLength(4096);
        assertThat(ByteBuffer.wrap(ifr.bytes()).order(ByteOrder.nativeOrder()).getInt(16)).isEqualTo(4096);
        assertThat(ifr.txQueueLength()).isEqualTo(4096);
    }

    @Test
    void mtuIsANativeIntAtOffsetSixteen() {
        IfReq ifr = new IfReq("tcps0").mtu(1500);
        assertThat(ByteBuffer.wrap(ifr.bytes()).order(ByteOrder.nativeOrder()).getInt(16)).isEqualTo(1500);
        assertThat(ifr.mtu()).isEqualTo(1500);
    }

    @Test
    void ipv4IsASockaddrInWithTheAddressInNetworkOrder() {
        IfReq ifr = new IfReq("tcps0").ipv4(0x0a000102);
        byte[] b = ifr.bytes();
        assertThat(ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getShort(16)).isEqualTo((short) 2);
        assertThat(new byte[] {b[18], b[19]}).containsExactly(0, 0);
        assertThat(new byte[] {b[20], b[21], b[22], b[23]}).containsExactly(10, 0, 1, 2);
    }

    @Test
    void nameReadsWhatTheKernelWroteBack() {
        IfReq ifr = new IfReq("tun%d");
        ifr.bytes()[3] = '7';
        ifr.bytes()[4] = 0;
        assertThat(ifr.name()).isEqualTo("tun7");
    }
}
