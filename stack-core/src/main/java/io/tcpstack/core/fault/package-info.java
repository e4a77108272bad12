/**
 * Fault injection for experiments and tests: {@link io.tcpstack.core.fault.FaultInjector}, a
 * pipeline handler that loses, duplicates, reorders, delays and corrupts raw IPv4 packets as a
 * {@link io.tcpstack.core.fault.FaultSpec} (parsed from text such as
 * {@code loss=5%,dup=2%,reorder=1%,delay=20ms,jitter=10ms,corrupt=1%,dir=both,seed=42}) says, with
 * {@link io.tcpstack.core.fault.FaultCounters} of what it did. Seeded and driven by the stack's
 * {@link io.tcpstack.core.time.TimerScheduler}, so a simulation in virtual time replays exactly.
 */
package io.tcpstack.core.fault;
