package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Opens a tar-format ({@code pg_dump -Ft}) archive read as a stream, as pg_backup_tar.c does:
 * {@code toc.dat} first, then each data entry's member found by scanning forward, and large
 * objects as the {@code blob_<oid>.dat} members that follow. Works on pipes: nothing is sought.
 */
public final class TarArchiveReader {
    private static final String BLOB_PREFIX = "blob_";

    private TarArchiveReader() {
    }

    /** True when {@code start} (the first bytes of the input, 262 or more) carry the ustar magic at 257. */
    public static boolean isTar(byte[] start) {
        return start.length >= 262 && new String(start, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar");
    }

    /**
     * Reads the tar's {@code toc.dat} from {@code in} and returns the archive, ready to read its
     * data members from {@code in}, which the caller closes.
     */
    public static OpenArchive open(InputStream in, String source) {
        TarInput tar = new TarInput(in, source);
        TarInput.Member first = tar.next();
        if (first == null || !first.name().equals("toc.dat")) {
            throw tar.corrupt(0, "a first member named toc.dat (a pg_dump -Ft archive)",
                    first == null ? "no member" : "\"" + first.name() + "\"");
        }
        FileToc toc = FileToc.read(first, source + ": toc.dat");
        first.close();
        return new OpenArchive(toc.toc(), new Data(tar, toc));
    }

    private static final class Data implements ArchiveData {
        private final TarInput tar;
        private final FileToc toc;
        /** A member read ahead while looking for the end of the large objects. */
        private TarInput.Member pending;

        Data(TarInput tar, FileToc toc) {
            this.tar = tar;
            this.toc = toc;
        }

        @Override
        public Charset charset() {
            return toc.charset();
        }

        @Override
        public InputStream openData(TocEntry entry) {
            String name = toc.fileNames().get(entry.dumpId());
            if (name == null) {
                throw new StowageException(ErrorCode.INPUT, "tar archive \"" + tar.source() + "\" names no data member for dump id "
                        + entry.dumpId() + " (" + entry.desc() + " " + entry.tag() + ")",
                        "make the dump again; pg_dump names a member for every entry with data");
            }
            TarInput.Member member = nextMember();
            while (member != null && !member.name().equals(name)) {
                member = tar.next();
            }
            if (member == null) {
                throw new StowageException(ErrorCode.INPUT, "tar archive \"" + tar.source() + "\" has no member \"" + name
                        + "\" for dump id " + entry.dumpId() + " (" + entry.desc() + " " + entry.tag()
                        + ") after offset " + tar.position() + "; members are read in archive order",
                        "check that the archive is complete and that its data members are in TOC order");
            }
            return member;
        }

        @Override
        public void readLargeObjects(TocEntry entry, LargeObjectVisitor visitor) throws IOException {
            TarInput.Member member = nextMember();
            while (member != null && !member.name().startsWith(BLOB_PREFIX)) {
                member = tar.next();
            }
            if (member == null) {
                throw new StowageException(ErrorCode.INPUT, "tar archive \"" + tar.source() + "\" has no blob_<oid>.dat member for dump id "
                        + entry.dumpId() + " (" + entry.desc() + ") after offset " + tar.position(),
                        "check that the archive is complete");
            }
            while (member != null && member.name().startsWith(BLOB_PREFIX)) {
                visitor.largeObject(oid(member), member);
                member.close();
                member = tar.next();
            }
            pending = member;
        }

        private TarInput.Member nextMember() {
            TarInput.Member member = pending;
            pending = null;
            return member != null ? member : tar.next();
        }

        private long oid(TarInput.Member member) {
            String name = member.name();
            int end = BLOB_PREFIX.length();
            while (end < name.length() && Character.isDigit(name.charAt(end))) {
                end++;
            }
            if (end == BLOB_PREFIX.length() || end - BLOB_PREFIX.length() > 10) {
                throw tar.corrupt(tar.position(), "a member name blob_<oid>.dat", "\"" + name + "\"");
            }
            return Long.parseLong(name.substring(BLOB_PREFIX.length(), end));
        }
    }
}
