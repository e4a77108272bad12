package io.tcpstack.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import io.tcpstack.link.FlowHash;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The eBPF program that steers a multi-queue TUN's packets to its queues
 * ({@code TUNSETSTEERINGEBPF}): a TCP packet goes to queue {@link FlowHash#queue}, anything else
 * to queue 0. The kernel runs it on every packet it sends into the TUN, with the packet's IPv4
 * header at offset 0 (a TUN has no link-layer header), and takes its answer, truncated to 16 bits,
 * modulo the number of queues. Without it the kernel steers by its own flow hash and flow table,
 * which the stack cannot compute and whose entries expire after 3 s of silence.
 *
 * <p>A socket-filter program of 25 instructions, loaded with {@code bpf(BPF_PROG_LOAD)}; the
 * legacy packet loads ({@code BPF_LD_ABS}/{@code BPF_LD_IND}) end it with 0 on a packet too short.
 */
final class SteeringProgram {
    /** {@code _IOR('T', 224, int)}. */
    static final long TUNSETSTEERINGEBPF = 0x800454e0L;
    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_TYPE_SOCKET_FILTER = 1;
    /** Bytes of {@code union bpf_attr} passed: up to and including {@code prog_name}, the rest zero. */
    private static final int ATTR_SIZE = 64;
    private static final int LOG_SIZE = 4096;
    private static final int TCP = 6;

    private SteeringProgram() {
    }

    /** The instructions, 8 bytes each (opcode, dst and src registers, offset, immediate), little-endian. */
    static byte[] instructions() {
        Assembler a = new Assembler();
        a.op(0xbf, 6, 1, 0, 0);           // r6 = r1: the packet loads take their context in r6
        a.op(0x30, 0, 0, 0, 9);           // r0 = byte [9]: the protocol
        a.op(0x55, 0, 0, 20, TCP);        // not TCP: on to the last two instructions (queue 0)
        a.op(0x20, 0, 0, 0, 12);          // r0 = word [12]: the source address
        a.op(0xbc, 8, 0, 0, 0);           // w8 = w0
        a.op(0x20, 0, 0, 0, 16);          // r0 = word [16]: the destination address
        a.op(0xac, 8, 0, 0, 0);           // w8 ^= w0
        a.op(0x30, 0, 0, 0, 0);           // r0 = byte [0]: version and IHL
        a.op(0x54, 0, 0, 0, 0x0f);        // w0 &= 0x0f
        a.op(0x64, 0, 0, 0, 2);           // w0 <<= 2: the IPv4 header's length
        a.op(0xbc, 7, 0, 0, 0);           // w7 = w0
        a.op(0x40, 0, 7, 0, 0);           // r0 = word [r7]: source port << 16 | destination port
        a.op(0xac, 8, 0, 0, 0);           // w8 ^= w0
        a.op(0xbc, 0, 8, 0, 0);           // w0 = w8
        a.op(0xbc, 1, 0, 0, 0);           // w1 = w0
        a.op(0x74, 1, 0, 0, 16);          // w1 >>= 16
        a.op(0xac, 0, 1, 0, 0);           // w0 ^= w1
        a.op(0x24, 0, 0, 0, FlowHash.MIX); // w0 *= MIX
        a.op(0xbc, 1, 0, 0, 0);           // w1 = w0
        a.op(0x74, 1, 0, 0, 16);          // w1 >>= 16
        a.op(0xac, 0, 1, 0, 0);           // w0 ^= w1
        a.op(0x54, 0, 0, 0, 0xffff);      // w0 &= 0xffff
        a.op(0x95, 0, 0, 0, 0);           // return w0
        a.op(0xb4, 0, 0, 0, 0);           // not TCP: w0 = 0
        a.op(0x95, 0, 0, 0, 0);           // return w0
        return a.bytes();
    }

    /**
     * Loads the program and attaches it to the TUN interface that {@code queueFd} is a queue of
     * (the program is the interface's, for all its queues).
     *
     * @throws TunException with the kernel's reason, e.g. without {@code CAP_BPF}
     */
    static void attach(int queueFd) throws TunException {
        int programFd = load();
        try {
            byte[] fd = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(programFd).array();
            LibC.INSTANCE.ioctl(queueFd, new NativeLong(TUNSETSTEERINGEBPF), fd);
        } catch (LastErrorException e) {
            throw TunException.of("the kernel refused TUNSETSTEERINGEBPF", e.getErrorCode(), null, e);
        } finally {
            LibC.INSTANCE.close(programFd); // the interface holds its own reference
        }
    }

    private static int load() throws TunException {
        byte[] code = instructions();
        Memory insns = new Memory(code.length);
        insns.write(0, code, 0, code.length);
        Memory license = new Memory(4);
        license.setString(0, "GPL", "US-ASCII");
        Memory log = new Memory(LOG_SIZE);
        log.clear();
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        attr.setInt(0, BPF_PROG_TYPE_SOCKET_FILTER);
        attr.setInt(4, code.length / 8);
        attr.setPointer(8, insns);
        attr.setPointer(16, license);
        attr.setInt(24, 1); // log_level: the verifier's reason when it refuses
        attr.setInt(28, LOG_SIZE);
        attr.setPointer(32, log);
        try {
            return (int) LibC.INSTANCE.syscall(new NativeLong(bpfSyscall()), BPF_PROG_LOAD, attr, ATTR_SIZE).longValue();
        } catch (LastErrorException e) {
            String verifier = log.getString(0, "US-ASCII").strip();
            throw TunException.of("the kernel refused to load the TUN steering program (bpf)", e.getErrorCode(),
                    verifier.isEmpty() ? "it needs CAP_BPF or root" : "verifier: " + verifier.replace('\n', ' '), e);
        }
    }

    /** The {@code bpf} system call's number. */
    private static long bpfSyscall() throws TunException {
        if (Platform.isIntel() && Platform.is64Bit()) {
            return 321;
        }
        if (Platform.isARM() && Platform.is64Bit()) {
            return 280;
        }
        throw new TunException("TUN steering needs the bpf system call, known here for x86-64 and arm64 only");
    }

    /** Encodes eBPF instructions. */
    private static final class Assembler {
        private final ByteBuffer code = ByteBuffer.allocate(8 * 32).order(ByteOrder.LITTLE_ENDIAN);

        void op(int opcode, int dst, int src, int offset, int imm) {
            code.put((byte) opcode).put((byte) (src << 4 | dst)).putShort((short) offset).putInt(imm);
        }

        byte[] bytes() {
            byte[] out = new byte[code.position()];
            code.flip().get(out);
            return out;
        }
    }
}
