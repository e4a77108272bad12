package io.tcpstack.it;

/** The addressing every stack test uses inside its own namespace. */
public final class StackAddresses {

    /** The TUN interface the daemon creates. */
    public static final String TUN = "tcps0";
    /** The stack's address and the subnet it shares with the kernel. */
    public static final String STACK_CIDR = "10.0.0.2/24";
    /** The stack's own address. */
    public static final String STACK = "10.0.0.2";
    /** The kernel side's address: the subnet's first host, the daemon's default peer address. */
    public static final String KERNEL = "10.0.0.1";
    /** A host of the subnet that is neither the stack nor the kernel. */
    public static final String OTHER_HOST = "10.0.0.3";

    private StackAddresses() {
    }
}
