/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the exact bytes Sluis hashes into the ledger and
 * signs in agreements.
 *
 * <p>Public surface: {@link org.sluis.contracts.canonical.CanonicalJson} and
 * {@link org.sluis.contracts.canonical.CanonicalJsonException}; everything else is a
 * package-private implementation detail.
 */
package org.sluis.contracts.canonical;
