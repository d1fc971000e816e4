/**
 * pg_dump archives (custom, and later directory and tar): the primitive encodings of
 * pg_backup_archiver.c, the archive header, the table of contents, and a {@code pg_restore -l}
 * style listing of it.
 *
 * <p>The byte layout follows PostgreSQL's src/bin/pg_dump (WriteInt/ReadInt, WriteStr/ReadStr,
 * WriteOffset/ReadOffset, WriteHead/ReadHead, WriteToc/ReadToc) for archive versions 1.12 to 1.16.
 */
package io.stowage.postgres.archive;
