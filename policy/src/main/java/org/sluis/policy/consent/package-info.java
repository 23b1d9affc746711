/**
 * The data subjects' consent as decisions consult it: the consent mode a dataset declares, the
 * question one use asks of the consent state ({@link org.sluis.policy.consent.ConsentQuery}) and
 * the view that answers it ({@link org.sluis.policy.consent.ConsentView}). Beside that contract it holds what
 * enforces consent per record at stream speed: the {@link org.sluis.policy.consent.ConsentIndex} snapshot, the
 * {@link org.sluis.policy.consent.ConsentFilter}, keyed hashing and pseudonyms
 * ({@link org.sluis.policy.consent.KeyedHash}, {@link org.sluis.policy.consent.Pseudonymiser}) and the import of
 * FHIR R4 {@code Consent} resources ({@link org.sluis.policy.consent.FhirConsentReader}).
 */
package org.sluis.policy.consent;
