package io.tcpstack.core.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.sim.Scenario.AppPlan;
import io.tcpstack.core.sim.Scenario.CloseStyle;
import io.tcpstack.core.tcp.TcpEndpoint;
import io.tcpstack.core.tcp.TcpEndpointEvents;
import io.tcpstack.core.tcp.TcpState;
import io.tcpstack.core.time.TimerScheduler;
import java.io.IOException;

/**
 * One side's application in a simulation: sends its bytes as the send buffer allows, reads and
 * checks what arrives against what the peer sends, and closes as its {@link AppPlan} says.
 * Runs on the simulation thread (the stack's loop).
 */
final class SimApp implements TcpEndpointEvents {
    private final String name;
    private final AppPlan plan;
    /** What this side sends. */
    private final byte[] outgoing;
    /** What the peer sends: every byte read must match it at its offset. */
    private final byte[] expected;
    private final TimerScheduler timers;
    /** Runs a slow reader's next read; armed only while a slow reader has data waiting. */
    private final TimerScheduler.Timer readTimer;
    /** Scratch for receive(); released by {@link #release()}. */
    private final ByteBuf scratch = Unpooled.buffer(65_536);

    TcpEndpoint endpoint;
    /** Bytes handed to send(), a prefix of {@link #outgoing}. */
    int sent;
    /** Bytes read, a prefix of {@link #expected} (or the first mismatch is in {@link #problem}). */
    int received;
    boolean outputShut;
    boolean closeCalled;
    int closedEvents;
    IOException error;
    /** The first thing that went wrong in the application's view, or null. */
    String problem;

    SimApp(String name, AppPlan plan, byte[] outgoing, byte[] expected, TimerScheduler timers) {
        this.name = name;
        this.plan = plan;
        this.outgoing = outgoing;
        this.expected = expected;
        this.timers = timers;
        this.readTimer = timers.newTimer(this::slowRead);
    }

    void attach(TcpEndpoint e) {
        endpoint = e;
        e.setEvents(this);
        pump();
    }

    @Override
    public void onEstablished(TcpEndpoint e) {
        pump();
    }

    @Override
    public void onReadable(TcpEndpoint e) {
        pump();
    }

    @Override
    public void onWritable(TcpEndpoint e) {
        pump();
    }

    @Override
    public void onClosed(TcpEndpoint e, IOException err) {
        closedEvents++;
        error = err;
        readTimer.cancel();
        pump(); // an orderly end keeps the unread stream readable until close()
    }

    /** Does whatever the state allows: send, read, shut down, close. */
    private void pump() {
        TcpEndpoint e = endpoint;
        if (e == null || closeCalled) {
            return;
        }
        if (e.state() == TcpState.CLOSED) {
            readOrSchedule(e);
            if (e.readableBytes() == 0) {
                closeCalled = true;
                e.close(); // frees what the connection kept for us (nothing once all is read)
            }
            return;
        }
        if (!e.state().isSynchronized()) {
            return;
        }
        readOrSchedule(e);
        boolean mayWrite = !plan.waitForPeerEof() || e.isInputShutdown();
        while (mayWrite && !outputShut && sent < outgoing.length && e.writableBytes() > 0) {
            int n = Math.min(outgoing.length - sent, plan.writeChunk());
            ByteBuf chunk = Unpooled.wrappedBuffer(outgoing, sent, n);
            sent += e.write(chunk);
            chunk.release();
        }
        boolean allSent = sent == outgoing.length && mayWrite;
        boolean allReceived = received == expected.length;
        if (allSent && (e.isInputShutdown() || plan.close() == CloseStyle.CLOSE_WHEN_DONE && allReceived)) {
            closeCalled = true;
            readTimer.cancel();
            e.close();
        } else if (allSent && !outputShut && plan.close() == CloseStyle.HALF_CLOSE) {
            outputShut = true;
            e.shutdownOutput();
        }
    }

    /** Reads now, or for a slow reader arms the read timer while bytes wait. */
    private void readOrSchedule(TcpEndpoint e) {
        if (plan.readDelay().isZero()) {
            read(Integer.MAX_VALUE);
        } else if (e.readableBytes() > 0 && !readTimer.isArmed()) {
            readTimer.setDeadline(timers.clock().nanos() + plan.readDelay().toNanos());
        }
    }

    private void slowRead() {
        read(plan.readChunk());
        pump();
    }

    /** Reads up to {@code budget} bytes, each checked against {@link #expected}. */
    private void read(int budget) {
        while (budget > 0) {
            scratch.clear();
            int n = endpoint.read(scratch, Math.min(budget, Math.min(plan.readChunk(), scratch.capacity())));
            if (n == 0) {
                return;
            }
            budget -= n;
            for (int i = 0; i < n; i++) {
                if (received + i >= expected.length) {
                    fail("read " + (received + n) + " bytes, the peer sent only " + expected.length);
                    return;
                }
                if (scratch.getByte(i) != expected[received + i]) {
                    fail("byte " + (received + i) + " differs from what the peer sent");
                    return;
                }
            }
            received += n;
        }
    }

    private void fail(String what) {
        if (problem == null) {
            problem = name + ": " + what;
        }
    }

    /** What is wrong with this side at the end of a run, or null if it did everything right. */
    String verdict() {
        if (problem != null) {
            return problem;
        }
        if (endpoint == null) {
            return name + ": never connected";
        }
        if (received != expected.length) {
            return name + ": received " + received + " of " + expected.length + " bytes";
        }
        if (sent != outgoing.length) {
            return name + ": sent " + sent + " of " + outgoing.length + " bytes";
        }
        if (endpoint.state() != TcpState.CLOSED) {
            return name + ": ended in " + endpoint.state();
        }
        if (closedEvents != 1) {
            return name + ": " + closedEvents + " onClosed events";
        }
        if (error != null) {
            return name + ": closed with " + error;
        }
        return null;
    }

    void release() {
        scratch.release();
    }
}
