package io.tcpstack.it;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few libc calls the harness needs that the JDK does not offer. */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    /** open(2) flags: read only, close on exec. */
    int O_RDONLY_CLOEXEC = 0x80000;
    /** setns(2) nstype: the descriptor must refer to a network namespace. */
    int CLONE_NEWNET = 0x40000000;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    /** Moves the calling thread (only) into the namespace {@code fd} refers to. */
    int setns(int fd, int nstype) throws LastErrorException;

    int geteuid();
}
