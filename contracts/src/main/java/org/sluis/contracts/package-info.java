/**
 * Machine-readable contracts: the ODRL 2.2 model and codec, standard contract templates, the
 * negotiation state machine, RFC 8785 canonical JSON and agreement signing. No network or
 * database I/O lives here.
 */
package org.sluis.contracts;
