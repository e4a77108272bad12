package io.tcpstack.tun;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4TextTest {
    @Test
    void formatsDottedQuad() {
        assertThat(Ipv4Text.format(0x0a000001)).isEqualTo("10.0.0.1");
        assertThat(Ipv4Text.format(0xffffff00)).isEqualTo("255.255.255.0");
    }

    @Test
    void netmasks() {
        assertThat(Ipv4Text.netmask(0)).isZero();
        assertThat(Ipv4Text.netmask(24)).isEqualTo(0xffffff00);
        assertThat(Ipv4Text.netmask(32)).isEqualTo(0xffffffff);
        assertThatThrownBy(() -> Ipv4Text.netmask(33)).isInstanceOf(IllegalArgumentException.class);
    }
}
