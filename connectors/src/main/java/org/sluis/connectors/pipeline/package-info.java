/**
 * The obligations of an access applied to its records while they stream: consent filter,
 * projection, dropped and pseudonymised fields, k-anonymous aggregates and record caps, each a
 * stage over a {@link org.sluis.connectors.RecordCursor}, in constant memory.
 */
package org.sluis.connectors.pipeline;
