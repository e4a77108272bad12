package io.tcpstack.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a capture file with {@code tshark}, so assertions about packets use Wireshark's dissectors. */
public final class PcapReader {

    /** The capture; a complete file (the writer has closed it). */
    private final Path file;

    private PcapReader(Path file) {
        this.file = file;
    }

    /** @throws AssertionError when the file does not exist or tshark cannot read it */
    public static PcapReader read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("no capture at " + file);
        }
        PcapReader reader = new PcapReader(file);
        reader.frames("frame");
        return reader;
    }

    /** @return how many packets match the Wireshark display filter {@code filter} */
    public int count(String filter) {
        return frames(filter).size();
    }

    /** @return the frame numbers of the packets matching {@code filter}, in capture order */
    public List<String> frames(String filter) {
        return values(filter, "frame.number");
    }

    /**
     * @return the value of Wireshark field {@code field} (e.g. {@code tcp.seq_raw}) in each packet
     *         matching {@code filter} that has the field, in capture order
     */
    public List<String> values(String filter, String field) {
        CommandResult result = Commands.run(List.of("tshark", "-n", "-r", file.toString(), "-Y", filter,
                "-T", "fields", "-e", field)).requireSuccess();
        return result.stdout().lines().filter(line -> !line.isBlank()).toList();
    }
}
