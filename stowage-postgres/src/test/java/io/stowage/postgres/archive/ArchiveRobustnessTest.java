package io.stowage.postgres.archive;

import io.stowage.core.error.StowageException;
import io.stowage.postgres.archive.ArchiveLayout.Kind;
import io.stowage.postgres.archive.ArchiveLayout.Region;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4, point 5 (d): archives written by the real pg_dump 15.18 (src/test/resources/archive/robust,
 * made from robust/schema.sql: tables with 300 rows, a bytea column, comments, a grant, two large
 * objects one with an oid above 2^31), truncated at many offsets and with single bytes flipped, read
 * and rendered completely ({@link ArchiveScriptWriter}, which drives every data read) by our readers.
 *
 * <p>Every case ends in one of these outcomes, counted per archive and printed:
 * <ul>
 *   <li>{@code REJECTED}: a {@link StowageException} whose message names the file and a position in it
 *       (offset, or line of blobs.toc; for a data file name flipped in toc.dat: the missing file);</li>
 *   <li>{@code REJECTED_BY_CROSS_CHECK}: a large-object oid that no BLOB entry creates, or a BLOB entry
 *       without data, found by {@link ArchiveScriptWriter} (which knows the dump id, not the offset);</li>
 *   <li>{@code NO_EFFECT}: read successfully and the script is byte-identical (the byte is one a
 *       restore never uses: the creation time, padding, a dump id or section no script shows...);</li>
 *   <li>{@code UNCHECKED_CHANGE}: read successfully and the script differs, which is only allowed
 *       where no pg_dump format has a checksum: uncompressed COPY / large-object bytes and the
 *       content of TOC strings (the corruption then shows in the output and is not hidden by a
 *       crash elsewhere);</li>
 *   <li>anything else (another exception, a message without file or position, a different script
 *       from a structural byte) fails the test, listing the cases.</li>
 * </ul>
 */
class ArchiveRobustnessTest {
    private static final byte[] FLIPS = {0x01, (byte) 0x80};
    private static final Map<String, Map<String, Integer>> COUNTS = new TreeMap<>();

    enum Outcome { REJECTED, REJECTED_BY_CROSS_CHECK, NO_EFFECT, UNCHECKED_CHANGE, BAD }

    /** One corrupted archive's result. */
    private record Case(String what, Region region, Outcome outcome, String detail) {
    }

    private static Path resource(String name) {
        try {
            return Path.of(ArchiveRobustnessTest.class.getResource("/archive/robust/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SHA-256 of the script rendered for an archive, or the exception that stopped it. */
    private static Object render(Supplier<OpenArchive> open) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
                new ArchiveScriptWriter(open.get(), false, out).write();
            }
            return new Digest(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException | IOException | Error e) {
            return e;
        }
    }

    private record Digest(byte[] value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Digest d && Arrays.equals(value, d.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }
    }

    /** Classifies one rendering; {@code source} is what a good message must name. */
    private static Case classify(String what, Region region, Object result, Digest original, String source) {
        if (result instanceof Digest d) {
            if (d.equals(original)) {
                return new Case(what, region, Outcome.NO_EFFECT, "");
            }
            boolean unchecked = region.kind() == Kind.PAYLOAD || region.kind() == Kind.STRING_CONTENT;
            return new Case(what, region, unchecked ? Outcome.UNCHECKED_CHANGE : Outcome.BAD,
                    unchecked ? "" : "read without error but the script differs");
        }
        Throwable t = (Throwable) result;
        if (t instanceof StowageException e) {
            String m = e.getMessage();
            if (m.startsWith("archive is corrupt: the data of dump id ") && m.contains("expected")) {
                return new Case(what, region, Outcome.REJECTED_BY_CROSS_CHECK, "");
            }
            // a position in the file, or (a file name in toc.dat flipped) the data file that is missing
            boolean names = m.contains(source) && (m.matches("(?s).*offset \\d+.*") || m.matches("(?s).*line \\d+.*")
                    || m.contains("is missing data file"));
            return new Case(what, region, names ? Outcome.REJECTED : Outcome.BAD, names ? "" : "poor message: " + m);
        }
        return new Case(what, region, Outcome.BAD, t.toString());
    }

    private static void report(String archive, List<Case> cases) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Case c : cases) {
            String op = c.what().substring(0, c.what().indexOf(' '));
            counts.merge(op + " " + c.outcome(), 1, Integer::sum);
        }
        COUNTS.put(archive, counts);
        List<Case> bad = cases.stream().filter(c -> c.outcome() == Outcome.BAD).toList();
        assertThat(bad).as(archive + ": cases that are neither rejected, without effect, nor an unchecked payload change:\n"
                + bad.stream().limit(25).map(c -> c.what() + " in " + c.region() + ": " + c.detail())
                .collect(Collectors.joining("\n"))).extracting(Case::what).isEmpty();
        assertThat(counts.keySet()).as(archive + " outcomes").anyMatch(k -> k.endsWith("REJECTED"));
    }

    @AfterAll
    static void printCounts() {
        COUNTS.forEach((archive, counts) -> System.out.println("[robustness] " + archive + ": " + counts));
    }

    /** Offsets to corrupt: every one below {@code everyBelow}, then every {@code stride}-th. */
    private static int[] offsets(int length, int everyBelow, int stride) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            if (i < everyBelow || (i - everyBelow) % stride == 0 || i == length - 1) {
                list.add(i);
            }
        }
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    // ---- custom format ----

    private static List<Case> corruptCustom(String name, int flipStride, int dataStride) {
        byte[] good = bytes(resource(name));
        ArchiveLayout layout = ArchiveLayout.custom(good);
        Supplier<OpenArchive> openGood = () -> CustomArchiveReader.open(new ByteArrayInputStream(good), name);
        Object base = render(openGood);
        assertThat(base).as(name + " renders").isInstanceOf(Digest.class);
        Digest original = (Digest) base;
        List<Case> cases = new ArrayList<>();
        int tocEnd = layout.tocEnd();
        // truncations: every byte of header and TOC, a sample through the data
        for (int cut : offsets(good.length, tocEnd + 1, dataStride)) {
            byte[] bad = Arrays.copyOf(good, cut);
            Region region = layout.at(cut);
            cases.add(classify("truncate at " + cut, region, render(() -> CustomArchiveReader.open(new ByteArrayInputStream(bad), name)),
                    original, name));
        }
        // flips: every header byte, a sample through TOC and data
        int headerEnd = headerEnd(layout);
        for (int at : offsets(good.length, headerEnd, flipStride)) {
            for (byte mask : FLIPS) {
                byte[] bad = good.clone();
                bad[at] ^= mask;
                Region region = layout.at(at);
                cases.add(classify("flip " + at + "^" + (mask & 0xff), region,
                        render(() -> CustomArchiveReader.open(new ByteArrayInputStream(bad), name)), original, name));
            }
        }
        return cases;
    }

    private static int headerEnd(ArchiveLayout layout) {
        return layout.regions().stream().filter(r -> r.field().equals("pg_dump version")).findFirst().orElseThrow().end();
    }

    @Test
    @Timeout(300)
    void customGzip() {
        report("custom.dump (gzip)", corruptCustom("custom.dump", 3, 7));
    }

    @Test
    @Timeout(300)
    void customUncompressed() {
        report("custom-z0.dump", corruptCustom("custom-z0.dump", 3, 11));
    }

    @Test
    @Timeout(300)
    void customWrittenToAPipe() {
        report("custom-pipe.dump (no offsets)", corruptCustom("custom-pipe.dump", 5, 13));
    }

    // ---- tar format ----

    @Test
    @Timeout(300)
    void tar() {
        String name = "tar.tar";
        byte[] good = bytes(resource(name));
        ArchiveLayout layout = ArchiveLayout.tar(good);
        Object base = render(() -> TarArchiveReader.open(new ByteArrayInputStream(good), name));
        assertThat(base).isInstanceOf(Digest.class);
        Digest original = (Digest) base;
        int tocEnd = layout.regions().stream().filter(r -> r.kind() == Kind.TAR_HEADER).skip(1).findFirst().orElseThrow().start();
        List<Case> cases = new ArrayList<>();
        for (int cut : offsets(good.length, tocEnd, 13)) {
            byte[] bad = Arrays.copyOf(good, cut);
            cases.add(classify("truncate at " + cut, layout.at(cut),
                    render(() -> TarArchiveReader.open(new ByteArrayInputStream(bad), name)), original, name));
        }
        for (int at : offsets(good.length, 512 + 160, 5)) {
            for (byte mask : FLIPS) {
                byte[] bad = good.clone();
                bad[at] ^= mask;
                cases.add(classify("flip " + at + "^" + (mask & 0xff), layout.at(at),
                        render(() -> TarArchiveReader.open(new ByteArrayInputStream(bad), name)), original, name));
            }
        }
        report(name, cases);
    }

    // ---- directory format ----

    private static List<Case> corruptDirectory(String name, Path work, int stride) throws IOException {
        Path dir = work.resolve(name);
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(resource(name))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName().toString()));
            }
        }
        Object base = render(() -> DirectoryArchiveReader.open(dir));
        assertThat(base).isInstanceOf(Digest.class);
        Digest original = (Digest) base;
        List<Case> cases = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().toList();
        }
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            byte[] good = Files.readAllBytes(file);
            ArchiveLayout layout = fileName.equals("toc.dat") ? ArchiveLayout.fileToc(good, 0, good.length) : null;
            Kind kind = fileName.endsWith(".gz") ? Kind.COMPRESSED_PAYLOAD : fileName.equals("blobs.toc") ? Kind.TEXT : Kind.PAYLOAD;
            int every = layout != null ? good.length : Math.min(good.length, 64);
            for (int cut : offsets(good.length, every, stride)) {
                Files.write(file, Arrays.copyOf(good, cut));
                Region region = layout != null ? layout.at(cut) : new Region(cut, cut + 1, kind, fileName);
                cases.add(classify(fileName.replace(' ', '_') + ":truncate at " + cut, region,
                        render(() -> DirectoryArchiveReader.open(dir)), original, dir.toString()));
            }
            for (int at : offsets(good.length, layout != null ? headerEnd(layout) : every, layout != null ? 3 : stride)) {
                for (byte mask : FLIPS) {
                    byte[] bad = good.clone();
                    bad[at] ^= mask;
                    Files.write(file, bad);
                    Region region = layout != null ? layout.at(at) : new Region(at, at + 1, kind, fileName);
                    cases.add(classify(fileName.replace(' ', '_') + ":flip " + at + "^" + (mask & 0xff), region,
                            render(() -> DirectoryArchiveReader.open(dir)), original, dir.toString()));
                }
            }
            Files.write(file, good);
        }
        return cases;
    }

    @Test
    @Timeout(300)
    void directoryGzip(@TempDir Path work) throws IOException {
        report("directory (gzip files)", corruptDirectory("directory", work, 7));
    }

    @Test
    @Timeout(300)
    void directoryUncompressed(@TempDir Path work) throws IOException {
        report("directory-z0", corruptDirectory("directory-z0", work, 11));
    }
}
