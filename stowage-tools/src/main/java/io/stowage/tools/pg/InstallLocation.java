package io.stowage.tools.pg;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A family of install directories: every directory {@code parent/<namePrefix><version>/<below>},
 * for example {@code /usr/lib/postgresql/}{@code 17}{@code /bin} or {@code /usr/pgsql-}{@code 17}{@code /bin}.
 *
 * @param parent     the directory holding one sub-directory per version
 * @param namePrefix what the sub-directory's name starts with before the version ({@code ""}, {@code pgsql-}, {@code postgresql@})
 * @param below      the path below the version directory ({@code bin})
 */
public record InstallLocation(Path parent, String namePrefix, String below) {

    /** The usual places: Debian and Ubuntu, RHEL and Fedora (PGDG), Homebrew on Apple silicon and Intel, the Windows installer. */
    public static List<InstallLocation> defaults(boolean windows) {
        if (windows) {
            return List.of(new InstallLocation(Path.of("C:\\Program Files\\PostgreSQL"), "", "bin"));
        }
        return List.of(
                new InstallLocation(Path.of("/usr/lib/postgresql"), "", "bin"),
                new InstallLocation(Path.of("/usr"), "pgsql-", "bin"),
                new InstallLocation(Path.of("/opt/homebrew/opt"), "postgresql@", "bin"),
                new InstallLocation(Path.of("/usr/local/opt"), "postgresql@", "bin"));
    }

    /** The existing directories of this family, newest version first (by the number in the name). */
    public List<Path> directories() {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return found;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, namePrefix + "*")) {
            for (Path child : children) {
                Path dir = child.resolve(below);
                if (Files.isDirectory(dir)) {
                    found.add(dir);
                }
            }
        } catch (IOException e) {
            // an unreadable directory holds nothing we can use
            return found;
        }
        found.sort(Comparator.comparingDouble((Path p) -> versionIn(p.getParent().getFileName().toString())).reversed());
        return found;
    }

    /** {@code 17} from {@code pgsql-17}, {@code 9.6} from {@code 9.6}; 0 when there is no number. */
    private double versionIn(String name) {
        String rest = name.substring(Math.min(namePrefix.length(), name.length()));
        try {
            return Double.parseDouble(rest);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
