/** Reading JSON request bodies: every problem reported with the RFC 6901 pointer of the offending value. */
package org.sluis.core.json;
