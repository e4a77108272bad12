package io.tcpstack.tun;

import java.nio.charset.StandardCharsets;

/** The kernel's rules for a network interface name (net/core/dev.c {@code dev_valid_name}). */
public final class InterfaceName {
    /** {@code IFNAMSIZ}: the name buffer, including its terminating NUL. */
    public static final int IFNAMSIZ = 16;
    /** Longest name in bytes. */
    public static final int MAX_LENGTH = IFNAMSIZ - 1;

    private InterfaceName() {
    }

    /**
     * Returns why {@code name} is not a valid interface name, or {@code null} when it is.
     * Checked before any system call so that the user gets a reason rather than an errno.
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "interface name is empty";
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_LENGTH) {
            return "interface name '" + name + "' is " + bytes + " bytes long; the limit is " + MAX_LENGTH;
        }
        if (name.equals(".") || name.equals("..")) {
            return "interface name '" + name + "' is reserved";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || c == '%' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "interface name '" + name + "' contains '" + printable(c)
                        + "'; use letters, digits, '-', '_' or '.'";
            }
        }
        return null;
    }

    /** Throws the {@link #problem(String)} of an invalid name. */
    public static String validate(String name) throws TunException {
        String problem = problem(name);
        if (problem != null) {
            throw new TunException(problem);
        }
        return name;
    }

    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
