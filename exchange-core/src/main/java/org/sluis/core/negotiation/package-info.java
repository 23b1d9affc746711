/**
 * Contract negotiation and agreements: consumers request an offer, providers (or the offer itself,
 * when it auto-accepts) agree, and the exchange signs the resulting ODRL Agreement as notary.
 */
package org.sluis.core.negotiation;
