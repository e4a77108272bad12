package io.tcpstack.tun;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * {@code struct ifreq} on 64-bit Linux (linux/if.h): a 16-byte NUL-terminated name followed by
 * a 24-byte union, of which these ioctls use {@code short ifr_flags}, {@code int ifr_mtu} and
 * {@code struct sockaddr_in ifr_addr / ifr_netmask} (family, port, then the address in network
 * byte order). Backed by a plain array so that JNA copies it in and out of the call.
 */
final class IfReq {
    static final int SIZE = 40;
    static final int UNION_OFFSET = InterfaceName.IFNAMSIZ;
    /** Offset of {@code sin_addr} inside the union's {@code sockaddr_in}. */
    static final int SIN_ADDR_OFFSET = UNION_OFFSET + 4;

    /** The raw structure; the name bytes always end with a NUL before {@link #UNION_OFFSET}. */
    private final byte[] bytes = new byte[SIZE];
    /** Native-order view of {@link #bytes} for the union's integer members. */
    private final ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());

    /** @param name a name already checked by {@link InterfaceName#validate(String)} */
    IfReq(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, bytes, 0, Math.min(n.length, InterfaceName.MAX_LENGTH));
    }

    byte[] bytes() {
        return bytes;
    }

    /** The name as the kernel left it (it fills in templates such as {@code tun%d}). */
    String name() {
        int end = 0;
        while (end < InterfaceName.IFNAMSIZ && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    IfReq flags(int flags) {
        view.putShort(UNION_OFFSET, (short) flags);
        return this;
    }

    int flags() {
        return view.getShort(UNION_OFFSET) & 0xffff;
    }

    IfReq mtu(int mtu) {
        view.putInt(UNION_OFFSET, mtu);
        return this;
    }

    int mtu() {
        return view.getInt(UNION_OFFSET);
    }

    /** {@code int ifr_qlen}, the same union member as {@code ifr_mtu}. */
    IfReq txQueueLength(int length) {
        view.putInt(UNION_OFFSET, length);
        return this;
    }

    int txQueueLength() {
        return view.getInt(UNION_OFFSET);
    }

    /** Writes a {@code sockaddr_in} with port 0; {@code address} in host order (10.0.0.1 = 0x0a000001). */
    IfReq ipv4(int address) {
        view.putShort(UNION_OFFSET, (short) LibC.AF_INET);
        view.putShort(UNION_OFFSET + 2, (short) 0);
        bytes[SIN_ADDR_OFFSET] = (byte) (address >>> 24);
        bytes[SIN_ADDR_OFFSET + 1] = (byte) (address >>> 16);
        bytes[SIN_ADDR_OFFSET + 2] = (byte) (address >>> 8);
        bytes[SIN_ADDR_OFFSET + 3] = (byte) address;
        return this;
    }
}
