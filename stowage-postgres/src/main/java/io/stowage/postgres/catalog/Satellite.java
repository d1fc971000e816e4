package io.stowage.postgres.catalog;

import io.stowage.core.archive.Section;

/**
 * An entry pg_dump writes right after its object's own entry rather than sorting it separately:
 * a {@code COMMENT}, an {@code ACL} or a {@code SEQUENCE OWNED BY}.
 *
 * @param desc       the entry type
 * @param tag        the entry tag ({@code TABLE actor}, {@code COLUMN actor.first_name})
 * @param namespace  schema of the object, or null
 * @param owner      owner of the object, or null
 * @param section    the entry's section
 * @param definition the SQL text
 */
public record Satellite(String desc, String tag, String namespace, String owner, Section section, String definition) {
}
