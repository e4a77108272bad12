/**
 * ICMP for a host (RFC 792, RFC 1122 §3.2.2): echo replies and rate-limited protocol
 * unreachable errors, with RFC 4293-style counters.
 */
package io.tcpstack.core.icmp;
