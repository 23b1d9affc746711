/**
 * Access decisions: an agreement's constraints and the data subjects' consent evaluated for one
 * request, with the obligations that follow. Pure computation; the OPA client in
 * {@code org.sluis.policy.opa} is the one place that talks to the network.
 */
package org.sluis.policy;
