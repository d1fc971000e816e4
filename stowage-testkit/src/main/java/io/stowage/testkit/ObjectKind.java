package io.stowage.testkit;

/** The kinds of database object the {@link DatabaseComparator} compares, in report order. */
public enum ObjectKind {
    EXTENSION("extension"),
    SCHEMA("schema"),
    TYPE("type"),
    DOMAIN("domain"),
    SEQUENCE("sequence"),
    TABLE("table"),
    COLUMN("column"),
    CONSTRAINT("constraint"),
    INDEX("index"),
    VIEW("view"),
    MATERIALIZED_VIEW("materialized view"),
    FUNCTION("function"),
    PROCEDURE("procedure"),
    AGGREGATE("aggregate"),
    TRIGGER("trigger"),
    RULE("rule"),
    POLICY("policy"),
    DEFAULT_PRIVILEGES("default privileges"),
    LARGE_OBJECT("large object"),
    EVENT_TRIGGER("event trigger"),
    PUBLICATION("publication"),
    PUBLICATION_TABLE("publication table"),
    PUBLICATION_SCHEMA("publication schema"),
    SUBSCRIPTION("subscription");

    private final String label;

    ObjectKind(String label) {
        this.label = label;
    }

    /** The lower-case word used in reports, for example {@code materialized view}. */
    public String label() {
        return label;
    }
}
