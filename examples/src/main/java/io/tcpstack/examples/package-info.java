/**
 * Netty applications on tcpstack over a TUN, each a {@code main}: {@link io.tcpstack.examples.HelloServer}
 * (HTTP hello-world) and {@link io.tcpstack.examples.HttpFetch} (an HTTP client fetching from a
 * kernel-side server through the stack).
 */
package io.tcpstack.examples;
