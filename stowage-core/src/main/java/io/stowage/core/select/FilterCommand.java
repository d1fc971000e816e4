package io.stowage.core.select;

/** The first word of a filter-file line: whether the pattern adds objects or takes them away. */
public enum FilterCommand {
    INCLUDE("include"),
    EXCLUDE("exclude");

    private final String keyword;

    FilterCommand(String keyword) {
        this.keyword = keyword;
    }

    /** The keyword as written in a filter file (matched case-insensitively). */
    public String keyword() {
        return keyword;
    }
}
