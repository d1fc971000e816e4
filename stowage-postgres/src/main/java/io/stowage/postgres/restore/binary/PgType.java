package io.stowage.postgres.restore.binary;

/**
 * What the binary conversion needs to know of a column's type, as the target server's catalog says
 * after the table was created: a domain is described by its base type (binary COPY reads a domain
 * with its base type's receive function, then checks the domain's constraints).
 *
 * @param oid         pg_type.oid of the (base) type
 * @param name        its typname, e.g. {@code int4}, {@code _text}, {@code timestamptz}
 * @param category    its typcategory, e.g. {@code 'N'} numeric, {@code 'A'} array, {@code 'E'} enum
 * @param elementOid  for an array type, its element type's oid (typelem); 0 otherwise
 * @param element     for an array type, its element type (a domain element by its base type); null otherwise
 */
public record PgType(int oid, String name, char category, int elementOid, PgType element) {
}
