/**
 * Records read from files under the operator's file root: {@link org.sluis.connectors.file.FileSource}, which
 * never reads outside that root, whatever the configured path or the links under the root say.
 */
package org.sluis.connectors.file;
