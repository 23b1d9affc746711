/**
 * Access decisions as the exchange takes them: the agreement, the caller, the dataset and the
 * data subjects' consent handed to the policy decision point, uses counted atomically in
 * PostgreSQL, OPA asked when configured, and every decision (permit and deny) made durable in the
 * ledger before anyone acts on it.
 */
package org.sluis.core.access;
