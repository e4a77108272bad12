package io.tcpstack.core.ip;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4ConfigTest {

    @Test
    void parsesAddressAndPrefix() {
        Ipv4Config config = Ipv4Config.parse("10.0.0.2/24", 1500);
        assertThat(config.address()).isEqualTo(0x0A000002);
        assertThat(config.prefixLength()).isEqualTo(24);
        assertThat(config.mtu()).isEqualTo(1500);
        assertThat(config).hasToString("10.0.0.2/24 mtu 1500");
        assertThat(Ipv4Config.parseAddress("255.255.255.255")).isEqualTo(-1);
    }

    @Test
    void rejectsMistakesWithAOneLineMessage() {
        assertThatThrownBy(() -> Ipv4Config.parse("10.0.0.2", 1500)).hasMessage(
                "expected address/prefix such as 10.0.0.2/24, got '10.0.0.2'");
        assertThatThrownBy(() -> Ipv4Config.parse("10.0.0.2/x", 1500)).hasMessage("bad prefix length in '10.0.0.2/x'");
        assertThatThrownBy(() -> Ipv4Config.parse("10.0.0.2/33", 1500)).hasMessage("prefix length must be 0..32, got 33");
        for (String bad : new String[] {"10.0.0", "10.0.0.256", "10.0.0.-1", "10.0.0.+1", "10..0.1", "a.b.c.d", "1.2.3.0004"}) {
            assertThatThrownBy(() -> Ipv4Config.parseAddress(bad)).hasMessage("bad IPv4 address '" + bad + "'");
        }
        assertThatThrownBy(() -> new Ipv4Config(1, 24, 67)).hasMessage("MTU must be 68..65535, got 67");
        assertThatThrownBy(() -> new Ipv4Config(1, 24, 65536)).hasMessageContaining("MTU");
    }
}
