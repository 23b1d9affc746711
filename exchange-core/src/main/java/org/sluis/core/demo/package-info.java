/**
 * {@code sluis demo}: a three-domain exchange with made-up participants and synthetic data
 * (deterministic generators), their own upstreams (an HTTP server, a PostgreSQL database, files),
 * and a scenario that runs through the real HTTP API with real tokens and tells what happened.
 */
package org.sluis.core.demo;
