/**
 * Standard contract templates: a few versioned, parameterised ODRL 2.2 Offers with a
 * plain-language summary, so most dataset offers are instances of a template a data steward can
 * read instead of hand-written ODRL. {@link org.sluis.contracts.template.Templates} lists them;
 * {@link org.sluis.contracts.template.ContractTemplate#instantiate} checks parameters and builds
 * the Offer; {@link org.sluis.contracts.template.SluisVocabulary} names the few terms ODRL lacks.
 */
package org.sluis.contracts.template;
