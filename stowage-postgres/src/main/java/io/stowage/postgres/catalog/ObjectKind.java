package io.stowage.postgres.catalog;

import io.stowage.core.archive.Section;

/**
 * The kinds of dumpable objects, in pg_dump's sort priority order ({@code dbObjectTypePriorities}
 * in pg_dump_sort.c): objects are presorted by this priority, then schema and name, before the
 * dependency sort moves them only as far as dependencies require.
 */
public enum ObjectKind {
    NAMESPACE(Section.PRE_DATA),
    PROCLANG(Section.PRE_DATA),
    COLLATION(Section.PRE_DATA),
    TRANSFORM(Section.PRE_DATA),
    EXTENSION(Section.PRE_DATA),
    /** Privileges changed on an extension's member since CREATE EXTENSION: only its ACL is written. */
    EXTENSION_MEMBER_ACL(Section.PRE_DATA),
    TYPE(Section.PRE_DATA),
    CAST(Section.PRE_DATA),
    FUNC(Section.PRE_DATA),
    AGG(Section.PRE_DATA),
    ACCESS_METHOD(Section.PRE_DATA),
    OPERATOR(Section.PRE_DATA),
    /** Operator families and operator classes, which share pg_dump's PRIO_OPFAMILY. */
    OPFAMILY(Section.PRE_DATA),
    CONVERSION(Section.PRE_DATA),
    TSPARSER(Section.PRE_DATA),
    TSTEMPLATE(Section.PRE_DATA),
    TSDICT(Section.PRE_DATA),
    TSCONFIG(Section.PRE_DATA),
    FDW(Section.PRE_DATA),
    /** Foreign servers and, right after each, its user mappings (pg_dump's dumpUserMappings). */
    FOREIGN_SERVER(Section.PRE_DATA),
    TABLE(Section.PRE_DATA),
    TABLE_ATTACH(Section.PRE_DATA),
    ATTRDEF(Section.PRE_DATA),
    LARGE_OBJECT(Section.PRE_DATA),
    PRE_DATA_BOUNDARY(Section.NONE),
    TABLE_DATA(Section.DATA),
    SEQUENCE_SET(Section.DATA),
    LARGE_OBJECT_DATA(Section.DATA),
    /** Optimizer statistics of tables, partitioned and foreign tables (pg_dump 18's PRIO_STATISTICS_DATA_DATA). */
    STATISTICS_DATA(Section.DATA),
    POST_DATA_BOUNDARY(Section.NONE),
    CONSTRAINT(Section.POST_DATA),
    INDEX(Section.POST_DATA),
    INDEX_ATTACH(Section.POST_DATA),
    STATSEXT(Section.POST_DATA),
    RULE(Section.POST_DATA),
    TRIGGER(Section.POST_DATA),
    FK_CONSTRAINT(Section.POST_DATA),
    POLICY(Section.POST_DATA),
    PUBLICATION(Section.POST_DATA),
    PUBLICATION_REL(Section.POST_DATA),
    PUBLICATION_TABLE_IN_SCHEMA(Section.POST_DATA),
    SUBSCRIPTION(Section.POST_DATA),
    DEFAULT_ACL(Section.POST_DATA),
    EVENT_TRIGGER(Section.POST_DATA),
    REFRESH_MATVIEW(Section.POST_DATA),
    /**
     * Optimizer statistics of indexes and populated materialized views: post-data, restored in
     * the last pass after the REFRESH that would reset a materialized view's (pg_dump 18).
     */
    STATISTICS_DATA_POST(Section.POST_DATA);

    private final Section section;

    ObjectKind(Section section) {
        this.section = section;
    }

    /** The dump section objects of this kind belong to. */
    public Section section() {
        return section;
    }

    /** pg_dump's sort priority; lower sorts first. */
    public int priority() {
        return ordinal();
    }
}
