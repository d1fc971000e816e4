package io.stowage.testkit;

import java.util.Objects;

/**
 * One way two databases differ.
 *
 * @param kind       the kind of object
 * @param objectName the object's schema-qualified name as PostgreSQL prints it (a column is
 *                   {@code schema.table.column}, a constraint, trigger, rule or policy
 *                   {@code schema.table.name}, a function {@code schema.name(argument types)}, a
 *                   large object its OID)
 * @param detail     what differs, for example {@code last_value 200 vs 199}; first database first
 */
public record Difference(ObjectKind kind, String objectName, String detail) {
    public Difference {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(objectName, "objectName");
        Objects.requireNonNull(detail, "detail");
    }

    /** {@code kind objectName: detail}, for example {@code sequence public.s: last_value 200 vs 199}. */
    @Override
    public String toString() {
        return kind.label() + " " + objectName + ": " + detail;
    }
}
