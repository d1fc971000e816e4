/**
 * The native PostgreSQL engine: reads the catalog over JDBC, writes pg_dump-compatible output and
 * restores it, with no pg_dump binary involved.
 */
package io.stowage.postgres;
