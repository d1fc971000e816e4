package io.stowage.testkit;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The outcome of a {@link DatabaseComparator} run: every difference found, ordered by object kind
 * then name.
 *
 * @param differences     the differences, empty when the databases match
 * @param objectsCompared how many objects (in either database) were compared
 */
public record ComparisonReport(List<Difference> differences, int objectsCompared) {
    public ComparisonReport {
        differences = List.copyOf(differences);
    }

    /** True when no difference was found. */
    public boolean isIdentical() {
        return differences.isEmpty();
    }

    /** The differences about one object, for example {@code public.actor}. */
    public List<Difference> about(String objectName) {
        return differences.stream().filter(d -> d.objectName().equals(objectName)).collect(Collectors.toList());
    }

    /** The differences about objects of one kind. */
    public List<Difference> about(ObjectKind kind) {
        return differences.stream().filter(d -> d.kind() == kind).collect(Collectors.toList());
    }

    /**
     * This report without the differences {@code ignored} matches, for differences a test expects
     * (for example the owner of schema {@code public}, which changed in PostgreSQL 15).
     */
    public ComparisonReport excluding(Predicate<Difference> ignored) {
        return new ComparisonReport(differences.stream().filter(ignored.negate()).collect(Collectors.toList()), objectsCompared);
    }

    /** One difference per line ({@code kind name: detail}), or a line saying the databases are identical. */
    @Override
    public String toString() {
        if (differences.isEmpty()) {
            return "databases are identical (" + objectsCompared + " objects compared)";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(differences.size()).append(differences.size() == 1 ? " difference" : " differences")
                .append(" (").append(objectsCompared).append(" objects compared):");
        for (Difference d : differences) {
            sb.append('\n').append(d);
        }
        return sb.toString();
    }
}
