package io.tcpstack.tun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterfaceNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"tcps0", "a", "tun-1_x.y", "abcdefghijklmno"})
    void acceptsValidNames(String name) throws TunException {
        assertThat(InterfaceName.problem(name)).isNull();
        assertThat(InterfaceName.validate(name)).isEqualTo(name);
    }

    @Test
    void rejectsSixteenBytes() {
        assertThat(InterfaceName.problem("abcdefghijklmnop"))
                .isEqualTo("interface name 'abcdefghijklmnop' is 16 bytes long; the limit is 15");
    }

    @Test
    void countsBytesNotCharacters() {
        assertThat(InterfaceName.problem("ééééééééx")).contains("17 bytes long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "a:b", "a b", "tun%d", "a\tb"})
    void rejectsForbiddenCharacters(String name) {
        assertThat(InterfaceName.problem(name)).contains("contains");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void rejectsDotNames(String name) {
        assertThat(InterfaceName.problem(name)).endsWith("is reserved");
    }

    @Test
    void rejectsEmptyWithAnException() {
        assertThatThrownBy(() -> InterfaceName.validate(""))
                .isInstanceOf(TunException.class)
                .hasMessage("interface name is empty");
    }
}
