package io.stowage.core.integrity;

import io.stowage.core.io.Json;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checksums of a set of files below one root directory: what verify compares them against.
 *
 * <p>Serialised as a small JSON document with a fixed member order and one file per line, so the
 * same manifest always has the same bytes:
 * <pre>{@code
 * {"format":"stowage-manifest","version":1,"algorithm":"sha256","files":[
 * {"path":"toc.dat","size":1234,"sha256":"9f86..."}
 * ]}
 * }</pre>
 *
 * @param version the format version; {@link #VERSION} is the only one so far
 * @param entries the files, each path at most once, in the order given
 */
public record Manifest(int version, List<ManifestEntry> entries) {
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;
    private static final String FORMAT = "stowage-manifest";

    public Manifest {
        if (version != VERSION) {
            throw new IllegalArgumentException("manifest version " + version + " is not supported (only " + VERSION + ")");
        }
        entries = List.copyOf(entries);
        Set<String> seen = new HashSet<>();
        for (ManifestEntry e : entries) {
            if (!seen.add(e.path())) {
                throw new IllegalArgumentException("manifest lists \"" + e.path() + "\" twice");
            }
        }
    }

    /** A version-{@link #VERSION} manifest of {@code entries}. */
    public static Manifest of(List<ManifestEntry> entries) {
        return new Manifest(VERSION, entries);
    }

    /**
     * Reads and checksums the given files below {@code root} (paths relative, '/'-separated): for
     * files written by others; Stowage's own writers use {@link DigestingOutputStream} instead.
     */
    public static Manifest scan(Path root, List<String> paths) throws IOException {
        List<ManifestEntry> entries = new ArrayList<>();
        for (String path : paths) {
            try (DigestingInputStream in = new DigestingInputStream(Files.newInputStream(root.resolve(path)))) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                entries.add(new ManifestEntry(path, in.size(), in.sha256(), in.blocks()));
            }
        }
        return of(entries);
    }

    /** The stable JSON text of this manifest, ending in a newline. */
    public String toJson() {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"format\":\"").append(FORMAT).append("\",\"version\":").append(version)
                .append(",\"algorithm\":\"sha256\",\"files\":[");
        for (int i = 0; i < entries.size(); i++) {
            ManifestEntry e = entries.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("{\"path\":");
            Json.quote(sb, e.path());
            sb.append(",\"size\":").append(e.size()).append(",\"sha256\":\"").append(e.sha256()).append('"');
            if (!e.blocks().isEmpty()) {
                sb.append(",\"block_size\":").append(BlockChecksums.BLOCK_SIZE).append(",\"crc32c\":[\"")
                        .append(String.join("\",\"", e.blocks())).append("\"]");
            }
            sb.append('}');
        }
        return sb.append("\n]}\n").toString();
    }

    /**
     * Parses a manifest's JSON text.
     *
     * @throws IllegalArgumentException naming what is wrong and where, for anything that is not a
     *                                  well-formed manifest
     */
    public static Manifest parse(String json) {
        Object root = Json.parse(json);
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a manifest must be a JSON object");
        }
        requireMembers(map, Set.of("format", "version", "algorithm", "files"), "the manifest");
        if (!FORMAT.equals(map.get("format"))) {
            throw new IllegalArgumentException("member \"format\" must be \"" + FORMAT + "\"");
        }
        if (!"sha256".equals(map.get("algorithm"))) {
            throw new IllegalArgumentException("member \"algorithm\" must be \"sha256\"");
        }
        long version = integer(map, "version", "the manifest");
        if (version != VERSION) {
            throw new IllegalArgumentException("manifest version " + version + " is not supported (only " + VERSION + ")");
        }
        if (!(map.get("files") instanceof List<?> files)) {
            throw new IllegalArgumentException("member \"files\" must be an array");
        }
        List<ManifestEntry> entries = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String where = "file " + (i + 1);
            if (!(files.get(i) instanceof Map<?, ?> file)) {
                throw new IllegalArgumentException(where + " must be a JSON object");
            }
            boolean blocked = file.containsKey("crc32c") || file.containsKey("block_size");
            requireMembers(file, blocked ? Set.of("path", "size", "sha256", "block_size", "crc32c") : Set.of("path", "size", "sha256"), where);
            if (!(file.get("path") instanceof String path) || !(file.get("sha256") instanceof String sha)) {
                throw new IllegalArgumentException(where + ": \"path\" and \"sha256\" must be strings");
            }
            List<String> blocks = new ArrayList<>();
            if (blocked) {
                if (integer(file, "block_size", where) != BlockChecksums.BLOCK_SIZE) {
                    throw new IllegalArgumentException(where + ": \"block_size\" must be " + BlockChecksums.BLOCK_SIZE);
                }
                if (!(file.get("crc32c") instanceof List<?> crcs)) {
                    throw new IllegalArgumentException(where + ": \"crc32c\" must be an array");
                }
                for (Object crc : crcs) {
                    if (!(crc instanceof String text)) {
                        throw new IllegalArgumentException(where + ": \"crc32c\" must hold strings");
                    }
                    blocks.add(text);
                }
            }
            entries.add(new ManifestEntry(path, integer(file, "size", where), sha, blocks));
        }
        return new Manifest((int) version, entries);
    }

    /** Writes {@link #toJson()} to {@code file} as UTF-8. */
    public void write(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    /** Reads and parses a manifest file; a malformed one is a VERIFICATION error naming the file. */
    public static Manifest read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StowageException(ErrorCode.VERIFICATION, "cannot read manifest \"" + file + "\": " + e,
                    "check that the manifest is readable and UTF-8", e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new StowageException(ErrorCode.VERIFICATION, "manifest \"" + file + "\" is malformed: " + e.getMessage(),
                    "restore the manifest from a good copy of the backup", e);
        }
    }

    /**
     * Re-reads every listed file below {@code root} and compares its size and SHA-256.
     *
     * @throws StowageException (VERIFICATION) for the first file that is missing, shorter or longer
     *                          than listed (naming the offset where it ends or where the listed
     *                          length ends) or whose checksum differs
     */
    public void verify(Path root) {
        for (ManifestEntry entry : entries) {
            verify(root, entry);
        }
    }

    private static void verify(Path root, ManifestEntry entry) {
        Path file = root.resolve(entry.path());
        try (DigestingInputStream in = new DigestingInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024))) {
            // read at most one byte past the listed size: enough to tell "longer" without reading a huge file
            byte[] buffer = new byte[64 * 1024];
            while (in.size() <= entry.size()) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, entry.size() + 1 - in.size()));
                if (n < 0) {
                    break;
                }
            }
            if (in.size() < entry.size()) {
                throw mismatch(file, "is truncated: it ends at offset " + in.size() + " but the manifest lists "
                        + entry.size() + " bytes");
            }
            if (in.size() > entry.size()) {
                throw mismatch(file, "is longer than the manifest's " + entry.size() + " bytes: it goes on past offset "
                        + entry.size());
            }
            if (!in.sha256().equals(entry.sha256())) {
                String where = BlockChecksums.firstDifference(entry.blocks(), in.blocks(), entry.size());
                throw mismatch(file, "has SHA-256 " + in.sha256() + " but the manifest lists " + entry.sha256()
                        + " (same size " + entry.size() + "; " + (where == null ? "some bytes were changed)"
                        : "changed first in " + where + ")"));
            }
            String blocks = BlockChecksums.firstDifference(entry.blocks(), in.blocks(), entry.size());
            if (blocks != null) {
                throw new StowageException(ErrorCode.VERIFICATION, "the manifest's block checksums for \"" + file
                        + "\" differ from the file's, which matches its SHA-256 (first in " + blocks + ")",
                        "the manifest is damaged; restore it from a good copy of the backup");
            }
        } catch (NoSuchFileException e) {
            throw mismatch(file, "is missing (the manifest lists " + entry.size() + " bytes)");
        } catch (IOException e) {
            throw new StowageException(ErrorCode.VERIFICATION, "cannot read \"" + file + "\" to verify it: " + e,
                    "check that the file is readable", e);
        }
    }

    private static StowageException mismatch(Path file, String what) {
        return new StowageException(ErrorCode.VERIFICATION, "file \"" + file + "\" " + what,
                "the backup is damaged; restore from another copy");
    }

    private static void requireMembers(Map<?, ?> map, Set<String> names, String where) {
        for (String name : names) {
            if (!map.containsKey(name)) {
                throw new IllegalArgumentException(where + " lacks member \"" + name + "\"");
            }
        }
        for (Object key : map.keySet()) {
            if (!names.contains(key)) {
                throw new IllegalArgumentException(where + " has unknown member \"" + key + "\"");
            }
        }
    }

    private static long integer(Map<?, ?> map, String name, String where) {
        if (!(map.get(name) instanceof Long value)) {
            throw new IllegalArgumentException(where + ": \"" + name + "\" must be an integer");
        }
        return value;
    }
}
