package io.tcpstack.core.tcp;

import io.tcpstack.core.time.Clock;
import java.security.SecureRandom;

/**
 * Initial sequence numbers per RFC 6528 §3: {@code ISN = M + F(localip, localport, remoteip,
 * remoteport, secretkey)}, where M is a timer ticking every 4 microseconds and F is SipHash-2-4
 * keyed with a secret, so ISNs of one 4-tuple increase with time (RFC 9293 §3.4.1) while other
 * connections' ISNs cannot be predicted from them.
 */
final class IsnGenerator {
    /** M ticks once per 4 microseconds (RFC 6528 §3, RFC 9293 §3.4.1). */
    private static final long TICK_NANOS = 4_000;

    /** Source of M. */
    private final Clock clock;

    /** First half of the 128-bit secret key (little-endian bytes 0..7). */
    private final long k0;

    /** Second half of the 128-bit secret key (little-endian bytes 8..15). */
    private final long k1;

    /** With a random 16-byte key from {@link SecureRandom}, as RFC 6528 §3 recommends. */
    public IsnGenerator(Clock clock) {
        this(clock, SipHash24.randomKey());
    }

    /** With a given 16-byte secret key. */
    public IsnGenerator(Clock clock, byte[] secretKey) {
        this.clock = clock;
        this.k0 = SipHash24.keyHalf(secretKey, 0);
        this.k1 = SipHash24.keyHalf(secretKey, 1);
    }

    /**
     * The ISN for a connection; addresses are IPv4 addresses as ints (network order read
     * big-endian), ports the 16-bit values in the low bits.
     */
    public int isn(int localAddr, int localPort, int remoteAddr, int remotePort) {
        int m = (int) Math.floorDiv(clock.nanos(), TICK_NANOS);
        return m + (int) f(localAddr, localPort, remoteAddr, remotePort);
    }

    /** F() of RFC 6528: SipHash-2-4 over the 4-tuple in network byte order. */
    private long f(int localAddr, int localPort, int remoteAddr, int remotePort) {
        byte[] tuple = {
            (byte) (localAddr >>> 24), (byte) (localAddr >>> 16), (byte) (localAddr >>> 8), (byte) localAddr,
            (byte) (localPort >>> 8), (byte) localPort,
            (byte) (remoteAddr >>> 24), (byte) (remoteAddr >>> 16), (byte) (remoteAddr >>> 8), (byte) remoteAddr,
            (byte) (remotePort >>> 8), (byte) remotePort,
        };
        return SipHash24.hash(k0, k1, tuple);
    }
}
