/**
 * Consent as custodians record it: storage with subjects only as keyed hashes, the consent API's
 * service, and the key those hashes are made with.
 */
package org.sluis.core.consent;
