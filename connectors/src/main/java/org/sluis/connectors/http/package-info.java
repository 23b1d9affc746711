/**
 * Records fetched from a provider's HTTP endpoint: {@link org.sluis.connectors.http.HttpSource}, a streaming
 * GET behind the SSRF guard, with the transfer's identity sent along for the provider's own audit.
 */
package org.sluis.connectors.http;
