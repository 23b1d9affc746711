/**
 * The closed vocabularies decisions reason with: purposes and which purpose is a kind of which
 * ({@link org.sluis.policy.vocabulary.PurposeVocabulary}), and ISO 3166 regions and which lies within
 * which ({@link org.sluis.policy.vocabulary.Regions}).
 */
package org.sluis.policy.vocabulary;
