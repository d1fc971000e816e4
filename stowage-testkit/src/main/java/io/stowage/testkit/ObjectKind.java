package io.stowage.testkit;

/** The kinds of database object the {@link DatabaseComparator} compares, in report order. */
public enum ObjectKind {
    DATABASE("database"),
    EXTENSION("extension"),
    SCHEMA("schema"),
    TYPE("type"),
    COLLATION("collation"),
    CONVERSION("conversion"),
    CAST("cast"),
    LANGUAGE("language"),
    TRANSFORM("transform"),
    ACCESS_METHOD("access method"),
    OPERATOR("operator"),
    OPERATOR_FAMILY("operator family"),
    OPERATOR_CLASS("operator class"),
    TEXT_SEARCH_PARSER("text search parser"),
    TEXT_SEARCH_TEMPLATE("text search template"),
    TEXT_SEARCH_DICTIONARY("text search dictionary"),
    TEXT_SEARCH_CONFIGURATION("text search configuration"),
    FOREIGN_DATA_WRAPPER("foreign data wrapper"),
    FOREIGN_SERVER("foreign server"),
    USER_MAPPING("user mapping"),
    DOMAIN("domain"),
    SEQUENCE("sequence"),
    TABLE("table"),
    COLUMN("column"),
    CONSTRAINT("constraint"),
    INDEX("index"),
    STATISTICS("statistics"),
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
    SUBSCRIPTION("subscription"),
    SECURITY_LABEL("security label");

    private final String label;

    ObjectKind(String label) {
        this.label = label;
    }

    /** The lower-case word used in reports, for example {@code materialized view}. */
    public String label() {
        return label;
    }
}
