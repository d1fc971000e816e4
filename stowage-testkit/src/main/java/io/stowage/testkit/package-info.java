/**
 * The test kit: embedded PostgreSQL servers of majors 12 to 18 ({@link io.stowage.testkit.PgServers},
 * {@link io.stowage.testkit.PgServer}), sample corpora ({@link io.stowage.testkit.Corpus}) and the
 * oracle that compares two databases ({@link io.stowage.testkit.DatabaseComparator}). Used by every
 * module's tests and, at run time, by {@code stowage demo}.
 */
package io.stowage.testkit;
