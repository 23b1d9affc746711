/**
 * Concluded contracts: turning an ODRL Offer into the Agreement the parties are bound by, signing
 * it as a JWS over its RFC 8785 canonical form, and verifying such a signature against the
 * exchange's published keys.
 *
 * <p>Public surface: {@link org.sluis.contracts.agreement.AgreementTerms} (conclude, validity),
 * {@link org.sluis.contracts.agreement.AgreementSigner},
 * {@link org.sluis.contracts.agreement.AgreementVerifier} and
 * {@link org.sluis.contracts.agreement.AgreementVerificationException}.
 *
 * <p>What identifies an agreement is the SHA-256 of its canonical bytes (the JWS payload), never
 * the JWS text: ECDSA signatures are malleable (if {@code (r, s)} verifies, so does
 * {@code (r, n - s)}), so two different JWS strings can carry the same signed agreement.
 */
package org.sluis.contracts.agreement;
