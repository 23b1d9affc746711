/**
 * Resources read from a FHIR R4 server's search API: the searchset Bundle pages are followed
 * through {@code Bundle.link[next]} and each matching resource is streamed as one record.
 */
package org.sluis.connectors.fhir;
