package io.tcpstack.daemon;

import io.tcpstack.core.ip.Ipv4Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4CidrTest {
    @Test
    void parsesAddressAndPrefix() {
        Ipv4Cidr cidr = Ipv4Cidr.parse("10.0.0.2/24");
        assertThat(cidr.address()).isEqualTo(0x0a000002);
        assertThat(cidr.prefixLength()).isEqualTo(24);
        assertThat(cidr.network()).isEqualTo(0x0a000000);
        assertThat(cidr.subnet()).isEqualTo("10.0.0.0/24");
        assertThat(cidr).hasToString("10.0.0.2/24");
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.2/24, 10.0.0.1",
        "10.0.0.1/24, 10.0.0.2",
        "192.168.7.200/16, 192.168.0.1",
        "172.16.5.9/30, 172.16.5.10",
        "172.16.5.10/30, 172.16.5.9",
        "10.1.1.0/31, 10.1.1.1",
        "10.1.1.1/31, 10.1.1.0",
    })
    void defaultPeerIsTheFirstHostOrTheNextWhenThatIsOurs(String cidr, String peer) {
        assertThat(Ipv4Cidr.parse(cidr).defaultPeer()).isEqualTo(Ipv4Config.parseAddress(peer));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.2|has no prefix length",
        "10.0.0.2/|is not a prefix length",
        "10.0.0.2/x|is not a prefix length",
        "10.0.0.2/32|prefix length /32 leaves no room",
        "10.0.0.2/0|prefix length /0 leaves no room",
        "10.0.0.256/24|bad IPv4 address",
        "10.0.0/24|bad IPv4 address",
        "10.0.0.-1/24|bad IPv4 address",
        "a.b.c.d/24|bad IPv4 address",
        "10.0.0.0/24|10.0.0.0 is the network address of /24",
        "10.0.0.255/24|10.0.0.255 is the broadcast address of /24",
        "127.0.0.2/8|is not a unicast host address",
        "224.0.0.1/24|is not a unicast host address",
        "0.0.0.5/24|is not a unicast host address",
    })
    void rejectsWithAOneLineReason(String text, String reason) {
        assertThatThrownBy(() -> Ipv4Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void peerMustBeAnotherHostOfTheSubnet() {
        Ipv4Cidr cidr = Ipv4Cidr.parse("10.0.0.2/24");
        assertThat(cidr.peerProblem(Ipv4Config.parseAddress("10.0.0.254"))).isNull();
        assertThat(cidr.peerProblem(Ipv4Config.parseAddress("10.0.0.2"))).contains("is the stack's own address");
        assertThat(cidr.peerProblem(Ipv4Config.parseAddress("10.0.1.1"))).isEqualTo(
                "peer address 10.0.1.1 is not a host address of 10.0.0.0/24");
        assertThat(cidr.peerProblem(Ipv4Config.parseAddress("10.0.0.255"))).contains("not a host address");
        assertThat(cidr.peerProblem(Ipv4Config.parseAddress("10.0.0.0"))).contains("not a host address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"200.1.2.3/8", "10.255.255.254/8"})
    void highAddressesCompareUnsigned(String text) {
        Ipv4Cidr cidr = Ipv4Cidr.parse(text);
        assertThat(cidr.isHost(cidr.address())).isTrue();
        assertThat(cidr.isHost(cidr.defaultPeer())).isTrue();
    }
}
