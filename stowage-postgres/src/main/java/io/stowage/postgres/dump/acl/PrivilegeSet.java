package io.stowage.postgres.dump.acl;

import java.util.List;
import java.util.Locale;

/**
 * The privileges that apply to one kind of object, in the order pg_dump lists them (the
 * CONVERT_PRIV sequence of parseAclItem in dumputils.c). An item holding all of them is written
 * {@code ALL}.
 */
record PrivilegeSet(List<Privilege> privileges) {

    /** A privilege letter of the aclitem text form and its GRANT keyword. */
    record Privilege(char code, String keyword) {
    }

    private static Privilege p(char code, String keyword) {
        return new Privilege(code, keyword);
    }

    /**
     * The privileges of an object kind, as named after {@code GRANT ... ON}.
     *
     * @param column whether this is a column privilege (tables then lose DELETE, TRIGGER, TRUNCATE
     *     and MAINTAIN, which columns do not have)
     * @param withMaintain whether tables have MAINTAIN (PostgreSQL 17 and later)
     * @throws IllegalArgumentException for a keyword pg_dump never grants on
     */
    static PrivilegeSet of(String objectKeyword, boolean column, boolean withMaintain) {
        String kind = objectKeyword.toUpperCase(Locale.ROOT);
        switch (kind) {
            case "TABLE":
                if (column) {
                    return new PrivilegeSet(List.of(p('r', "SELECT"), p('a', "INSERT"), p('x', "REFERENCES"),
                            p('w', "UPDATE")));
                }
                if (withMaintain) {
                    return new PrivilegeSet(List.of(p('r', "SELECT"), p('a', "INSERT"), p('x', "REFERENCES"),
                            p('d', "DELETE"), p('t', "TRIGGER"), p('D', "TRUNCATE"), p('m', "MAINTAIN"),
                            p('w', "UPDATE")));
                }
                return new PrivilegeSet(List.of(p('r', "SELECT"), p('a', "INSERT"), p('x', "REFERENCES"),
                        p('d', "DELETE"), p('t', "TRIGGER"), p('D', "TRUNCATE"), p('w', "UPDATE")));
            case "SEQUENCE":
                return new PrivilegeSet(List.of(p('r', "SELECT"), p('U', "USAGE"), p('w', "UPDATE")));
            case "FUNCTION":
            case "PROCEDURE":
                return new PrivilegeSet(List.of(p('X', "EXECUTE")));
            case "SCHEMA":
                return new PrivilegeSet(List.of(p('C', "CREATE"), p('U', "USAGE")));
            case "DATABASE":
                return new PrivilegeSet(List.of(p('C', "CREATE"), p('c', "CONNECT"), p('T', "TEMPORARY")));
            case "TABLESPACE":
                return new PrivilegeSet(List.of(p('C', "CREATE")));
            case "LANGUAGE":
            case "TYPE":
            case "DOMAIN":
            case "FOREIGN DATA WRAPPER":
            case "FOREIGN SERVER":
                return new PrivilegeSet(List.of(p('U', "USAGE")));
            case "FOREIGN TABLE":
                return new PrivilegeSet(List.of(p('r', "SELECT")));
            case "PARAMETER":
                return new PrivilegeSet(List.of(p('s', "SET"), p('A', "ALTER SYSTEM")));
            case "LARGE OBJECT":
                return new PrivilegeSet(List.of(p('r', "SELECT"), p('w', "UPDATE")));
            default:
                throw new IllegalArgumentException("no GRANT privileges for object kind " + objectKeyword);
        }
    }
}
