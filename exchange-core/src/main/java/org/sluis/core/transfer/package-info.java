/**
 * Transfers: data pulled by a consumer or pushed to its endpoint, from the provider's source
 * through the obligation pipeline, each logged twice, the decision before the first byte and the
 * completion (records, bytes, SHA-256 of exactly what was delivered) after the last.
 */
package org.sluis.core.transfer;
