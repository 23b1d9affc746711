/**
 * The SSRF guard for outbound connections to sources and sinks: {@link org.sluis.connectors.net.NetworkGuard}
 * refuses hosts that resolve to loopback, link-local, private and other non-public addresses unless
 * the operator allows their network, as {@link org.sluis.connectors.net.Cidr} ranges.
 */
package org.sluis.connectors.net;
