package io.tcpstack.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import io.tcpstack.link.FlowHash;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * The eBPF program that steers a multi-queue TUN's packets to its queues
 * ({@code TUNSETSTEERINGEBPF}): a TCP segment goes to queue {@link FlowHash#queue} of its flow; an
 * ICMP error that quotes a TCP segment (RFC 792: the quoted IP header and at least 8 bytes of
 * TCP, so the ports) goes to the queue of the quoted segment's connection, so that the stack that
 * owns the connection hears of it (RFC 1122 §4.2.3.9, RFC 1191); anything else goes to queue 0.
 * The kernel runs it on every packet it sends into the TUN, with the packet's IPv4 header at
 * offset 0 (a TUN has no link-layer header), and takes its answer, truncated to 16 bits, modulo
 * the number of queues. Without it the kernel steers by its own flow hash and flow table, which the
 * stack cannot compute and whose entries expire after 3 s of silence.
 *
 * <p>A socket-filter program, loaded with {@code bpf(BPF_PROG_LOAD)}; the legacy packet loads
 * ({@code BPF_LD_ABS}/{@code BPF_LD_IND}) end it with 0 on a packet too short.
 */
final class SteeringProgram {
    /** {@code _IOR('T', 224, int)}. */
    static final long TUNSETSTEERINGEBPF = 0x800454e0L;
    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_TYPE_SOCKET_FILTER = 1;
    /** Bytes of {@code union bpf_attr} passed: up to and including {@code prog_name}, the rest zero. */
    private static final int ATTR_SIZE = 64;
    /** The verifier log asked for when a load fails: enough for its report on a program this size. */
    private static final int LOG_SIZE = 1 << 16;
    private static final int ICMP = 1;
    private static final int TCP = 6;
    private static final int ICMP_ECHO_REPLY = 0;
    private static final int ICMP_ECHO = 8;
    /** Bytes of the ICMP header before the quoted packet. */
    private static final int ICMP_HEADER = 8;

    // eBPF opcodes (linux/bpf.h): 32-bit ALU on w registers, jumps, the legacy packet loads
    private static final int MOV64_REG = 0xbf;
    private static final int MOV32_IMM = 0xb4;
    private static final int MOV32_REG = 0xbc;
    private static final int ADD32_IMM = 0x04;
    private static final int ADD32_REG = 0x0c;
    private static final int AND32_IMM = 0x54;
    private static final int OR32_REG = 0x4c;
    private static final int XOR32_REG = 0xac;
    private static final int LSH32_IMM = 0x64;
    private static final int RSH32_IMM = 0x74;
    private static final int MUL32_IMM = 0x24;
    private static final int LD_ABS_B = 0x30;
    private static final int LD_ABS_W = 0x20;
    private static final int LD_IND_B = 0x50;
    private static final int LD_IND_W = 0x40;
    private static final int JA = 0x05;
    private static final int JEQ_IMM = 0x15;
    private static final int JNE_IMM = 0x55;
    private static final int EXIT = 0x95;

    private SteeringProgram() {
    }

    /**
     * The instructions, 8 bytes each (opcode, dst and src registers, offset, immediate),
     * little-endian. w8 collects {@code src ^ dst ^ (srcPort << 16 | dstPort)} of the flow as the
     * peer sends it, then the mix of {@link FlowHash#hash} runs on it. r6 holds the context, as the
     * packet loads require; they clobber r1 to r5 and leave their result in r0.
     */
    static byte[] instructions() {
        Assembler a = new Assembler();
        a.op(MOV64_REG, 6, 1, 0);
        a.op(LD_ABS_B, 0, 0, 9);                 // the protocol
        a.jump(JEQ_IMM, 0, TCP, "tcp");
        a.jump(JEQ_IMM, 0, ICMP, "icmp");
        a.jump(JA, 0, 0, "queue0");

        a.label("tcp");
        a.op(LD_ABS_W, 0, 0, 12);                // source address
        a.op(MOV32_REG, 8, 0, 0);
        a.op(LD_ABS_W, 0, 0, 16);                // destination address
        a.op(XOR32_REG, 8, 0, 0);
        headerLength(a, LD_ABS_B, 0, 0);         // w0 = the IPv4 header's length
        a.op(MOV32_REG, 7, 0, 0);
        a.op(LD_IND_W, 0, 7, 0);                 // source port << 16 | destination port
        a.op(XOR32_REG, 8, 0, 0);
        a.jump(JA, 0, 0, "mix");

        a.label("icmp");
        headerLength(a, LD_ABS_B, 0, 0);
        a.op(MOV32_REG, 7, 0, 0);                // w7 = where the ICMP header starts
        a.op(LD_IND_B, 0, 7, 0);                 // its type
        a.jump(JEQ_IMM, 0, ICMP_ECHO_REPLY, "queue0");
        a.jump(JEQ_IMM, 0, ICMP_ECHO, "queue0");
        a.op(ADD32_IMM, 7, 0, ICMP_HEADER);      // w7 = where the quoted IPv4 header starts
        a.op(LD_IND_B, 0, 7, 9);                 // the quoted protocol
        a.jump(JNE_IMM, 0, TCP, "queue0");
        a.op(LD_IND_W, 0, 7, 12);                // quoted source: the stack's address
        a.op(MOV32_REG, 8, 0, 0);
        a.op(LD_IND_W, 0, 7, 16);                // quoted destination: the peer's
        a.op(XOR32_REG, 8, 0, 0);
        headerLength(a, LD_IND_B, 7, 0);
        a.op(ADD32_REG, 0, 7, 0);
        a.op(MOV32_REG, 9, 0, 0);                // w9 = where the quoted TCP header starts
        a.op(LD_IND_W, 0, 9, 0);                 // stack port << 16 | peer port: swap the halves
        a.op(MOV32_REG, 1, 0, 0);
        a.op(LSH32_IMM, 1, 0, 16);
        a.op(RSH32_IMM, 0, 0, 16);
        a.op(OR32_REG, 0, 1, 0);
        a.op(XOR32_REG, 8, 0, 0);

        a.label("mix");                          // FlowHash.hash: h ^= h >>> 16; h *= MIX; h ^= h >>> 16; & 0xffff
        a.op(MOV32_REG, 0, 8, 0);
        a.op(MOV32_REG, 1, 0, 0);
        a.op(RSH32_IMM, 1, 0, 16);
        a.op(XOR32_REG, 0, 1, 0);
        a.op(MUL32_IMM, 0, 0, FlowHash.MIX);
        a.op(MOV32_REG, 1, 0, 0);
        a.op(RSH32_IMM, 1, 0, 16);
        a.op(XOR32_REG, 0, 1, 0);
        a.op(AND32_IMM, 0, 0, 0xffff);
        a.op(EXIT, 0, 0, 0);

        a.label("queue0");
        a.op(MOV32_IMM, 0, 0, 0);
        a.op(EXIT, 0, 0, 0);
        return a.bytes();
    }

    /** w0 = 4 x the IHL of the IPv4 header at {@code offset} (plus register {@code base} for an indirect load). */
    private static void headerLength(Assembler a, int load, int base, int offset) {
        a.op(load, 0, base, offset);
        a.op(AND32_IMM, 0, 0, 0x0f);
        a.op(LSH32_IMM, 0, 0, 2);
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
        try {
            return load(insns, code.length / 8, license, null);
        } catch (LastErrorException e) {
            // again with the verifier's log, for its reason (a log too small for it fails the load too)
            Memory log = new Memory(LOG_SIZE);
            log.clear();
            try {
                LibC.INSTANCE.close(load(insns, code.length / 8, license, log)); // accepted the second time: odd, but no reason to give
            } catch (LastErrorException ignored) {
                // the reason is in the log
            }
            String verifier = log.getString(0, "US-ASCII").strip();
            throw TunException.of("the kernel refused to load the TUN steering program (bpf)", e.getErrorCode(),
                    verifier.isEmpty() ? "it needs CAP_BPF or root" : "verifier: " + verifier.replace('\n', ' '), e);
        }
    }

    /** {@code bpf(BPF_PROG_LOAD)}: the program's descriptor; with a verifier log when {@code log} is not null. */
    private static int load(Memory insns, int count, Memory license, Memory log) throws TunException {
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        attr.setInt(0, BPF_PROG_TYPE_SOCKET_FILTER);
        attr.setInt(4, count);
        attr.setPointer(8, insns);
        attr.setPointer(16, license);
        if (log != null) {
            attr.setInt(24, 1); // log_level
            attr.setInt(28, (int) log.size());
            attr.setPointer(32, log);
        }
        return (int) LibC.INSTANCE.syscall(new NativeLong(bpfSyscall()), BPF_PROG_LOAD, attr, ATTR_SIZE).longValue();
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

    /** Encodes eBPF instructions; jumps name their target by a label, resolved in {@link #bytes}. */
    private static final class Assembler {
        private final ByteBuffer code = ByteBuffer.allocate(8 * 64).order(ByteOrder.LITTLE_ENDIAN);
        private final Map<String, Integer> labels = new HashMap<>();
        /** Instruction index of each jump, and the label it goes to. */
        private final Map<Integer, String> jumps = new HashMap<>();

        /**
         * An instruction without a jump: for a packet load {@code src} is the base register of an
         * indirect load and {@code imm} the offset; for an ALU op with a register operand, {@code src}.
         */
        void op(int opcode, int dst, int src, int imm) {
            code.put((byte) opcode).put((byte) (src << 4 | dst)).putShort((short) 0).putInt(imm);
        }

        /** A jump to {@code label} when {@code dst} compares with {@code imm} ({@link #JA}: always). */
        void jump(int opcode, int dst, int imm, String label) {
            jumps.put(code.position() / 8, label);
            code.put((byte) opcode).put((byte) dst).putShort((short) 0).putInt(imm);
        }

        void label(String name) {
            labels.put(name, code.position() / 8);
        }

        byte[] bytes() {
            jumps.forEach((at, label) -> {
                Integer target = labels.get(label);
                if (target == null) {
                    throw new IllegalStateException("steering program: no label " + label);
                }
                code.putShort(at * 8 + 2, (short) (target - at - 1)); // relative to the next instruction
            });
            byte[] out = new byte[code.position()];
            code.duplicate().flip().get(out);
            return out;
        }
    }
}
