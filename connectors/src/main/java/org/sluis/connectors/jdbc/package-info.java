/**
 * Records read from PostgreSQL over JDBC: a table, view or provider-configured query, with the
 * requested projection, the resume point and the row cap pushed down into SQL, streamed through a
 * server-side cursor in keyset-paginated pages.
 */
package org.sluis.connectors.jdbc;
