/**
 * pg_dump archives (custom, directory and tar): the primitive encodings of pg_backup_archiver.c,
 * the archive header, the table of contents, a {@code pg_restore -l} style listing of it, readers
 * for all three formats and writers for them ({@link io.stowage.postgres.archive.ArchiveWriters});
 * the compression codecs live in {@code io.stowage.postgres.archive.compress}.
 *
 * <p>The byte layout follows PostgreSQL's src/bin/pg_dump (WriteInt/ReadInt, WriteStr/ReadStr,
 * WriteOffset/ReadOffset, WriteHead/ReadHead, WriteToc/ReadToc) for archive versions 1.12 to 1.16.
 */
package io.stowage.postgres.archive;
