/**
 * Open Policy Agent integration: the one place {@code policy} talks to the network.
 *
 * <p>{@link org.sluis.policy.opa.OpaClient} asks an OPA server for a second opinion after the
 * exchange's own decision ({@code POST /v1/data/{path}} with an {@link org.sluis.policy.opa.OpaInput}
 * document) and fails closed: every failure is a denying {@link org.sluis.policy.opa.OpaDecision}.
 * {@link org.sluis.policy.opa.OpaBundle} packs the shipped Rego ({@code src/main/rego}) and the
 * exchange's live facts into an OPA bundle, so a provider can run OPA next to its own data source
 * on the same facts. The input document, the result shape and how to run {@code opa test} are in
 * {@code policy/src/main/rego/README.md}.
 */
package org.sluis.policy.opa;
