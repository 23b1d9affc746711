/**
 * Participant identity: the exchange's own certificate authority ({@link org.sluis.core.identity.ExchangeCa}),
 * onboarding by PKCS#10 certificate signing request, and validation of the certificate chains
 * participants present in {@code x5c} headers ({@link org.sluis.core.identity.TrustAnchors}).
 *
 * <p>Bouncy Castle is used for ASN.1, PEM and certificate building; it is never registered as a
 * global JCA provider (see {@code BouncyCastle}).
 */
package org.sluis.core.identity;
