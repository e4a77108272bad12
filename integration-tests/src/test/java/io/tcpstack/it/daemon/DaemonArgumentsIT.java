package io.tcpstack.it.daemon;

import static io.tcpstack.it.StackAddresses.TUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A user's mistake on the command line: exit 2, one line saying what is wrong, no stack trace, no interface. */
@NamespaceTest
class DaemonArgumentsIT {

    @ParameterizedTest(name = "--address {0}")
    @ValueSource(strings = {"10.0.0.300/24", "10.0.0.2/33", "not-an-address/24", "10.0.0.2/"})
    void badAddressExitsWithStatus2AndOneLine(String address, NetNs ns) {
        List<String> command = new ArrayList<>(DaemonProcess.javaJar());
        command.addAll(List.of("run", "--tun", TUN, "--address", address));

        CommandResult result = ns.exec(command.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.stderr().lines().toList()).as(result.describe()).singleElement().asString()
                .startsWith("tcpstack run: ").contains("'--address'").doesNotContain("Exception");
        assertThat(result.stdout()).isEmpty();
        assertThat(ns.hasInterface(TUN)).isFalse();
    }
}
