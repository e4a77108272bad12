package io.tcpstack.it.tcp;

import static io.tcpstack.it.StackAddresses.KERNEL;
import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;
import static io.tcpstack.it.tcp.TcpTesting.HUNDRED_MIB;
import static io.tcpstack.it.tcp.TcpTesting.TRANSFER_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.daemon.services.BytesPattern;
import io.tcpstack.it.CommandResult;
import io.tcpstack.it.DaemonProcess;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.TestArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curl} from the kernel side against the stack's HTTP service on port 80. */
@NamespaceTest
class HttpServiceIT {

    @Test
    void statusPageListsTheServicesAndItsOwnConnection(NetNs ns, TestArtifacts artifacts) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).start(ns, artifacts);

        CommandResult curl = ns.exec("curl", "-sS", "--fail", "--max-time", "20", "-w", "\\n%{local_port}\\n",
                "http://" + STACK + "/").requireSuccess();

        List<String> lines = curl.stdout().lines().toList();
        String localPort = lines.getLast();
        assertThat(curl.stdout()).as(curl.describe())
                .contains("http on port 80", "echo on port 7", "discard on port 9", "chargen on port 19",
                        "daytime on port 13")
                .containsPattern("(?m)^\\s*ESTABLISHED\\s+\\d+\\s+\\d+\\s+" + STACK + ":80\\s+" + KERNEL + ":"
                        + localPort + "\\s*$");
        assertThat(daemon.stop()).isZero();
    }

    @Test
    void downloadOf100MiBArrivesIntact(NetNs ns, TestArtifacts artifacts, @TempDir Path dir) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).start(ns, artifacts);
        Path download = dir.resolve("download");

        CommandResult curl = ns.exec(TRANSFER_TIMEOUT, "curl", "-sS", "--fail", "--max-time", "80",
                "-o", download.toString(), "http://" + STACK + "/bytes/" + HUNDRED_MIB);

        assertThat(curl.succeeded()).as(curl.describe()).isTrue();
        assertThat(Files.size(download)).isEqualTo(HUNDRED_MIB);
        assertThat(TcpTesting.sha256(download)).isEqualTo(BytesPattern.sha256Hex(HUNDRED_MIB));
        assertThat(daemon.stop()).isZero();
    }

    @Test
    void uploadOf100MiBIsCountedAndHashed(NetNs ns, TestArtifacts artifacts, @TempDir Path dir) throws Exception {
        DaemonProcess daemon = DaemonProcess.builder(TUN, STACK_CIDR).start(ns, artifacts);
        Path upload = TcpTesting.randomFile(dir.resolve("upload"), HUNDRED_MIB, 9293);

        CommandResult curl = ns.exec(TRANSFER_TIMEOUT, "curl", "-sS", "--fail", "--max-time", "80",
                "--data-binary", "@" + upload, "http://" + STACK + "/sink");

        assertThat(curl.succeeded()).as(curl.describe()).isTrue();
        assertThat(curl.stdout()).isEqualTo(HUNDRED_MIB + " " + TcpTesting.sha256(upload) + "\n");
        assertThat(daemon.stop()).isZero();
    }
}
