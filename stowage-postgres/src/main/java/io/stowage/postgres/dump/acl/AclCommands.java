package io.stowage.postgres.dump.acl;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.postgres.sql.SqlText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GRANT and REVOKE commands pg_dump writes for an object's ACL (buildACLCommands in
 * src/bin/pg_dump/dumputils.c, PostgreSQL 15 and later).
 *
 * <p>The ACL is written relative to a baseline: {@code acldefault(kind, owner)}, or the object's
 * {@code pg_init_privs.initprivs} when it has one (objects created by initdb or an extension
 * script), or {@code {}} for columns. Items of the baseline missing from the actual ACL are revoked,
 * items of the actual ACL missing from the baseline are granted; items are compared as whole
 * strings, exactly as pg_dump does. The output order is pg_dump's: all REVOKEs, then the owner's own
 * grants, then the others in ACL order (the order the server keeps them in, so grants made with a
 * grant option come after the grant of that option). A grant made by someone other than the owner is
 * wrapped in {@code SET SESSION AUTHORIZATION grantor; ... RESET SESSION AUTHORIZATION;} so that it
 * is recorded with the same grantor on restore.
 */
public final class AclCommands {
    private static final int MAINTAIN_VERSION = 170000;

    private AclCommands() {
    }

    /**
     * Builds the commands for one object's (or one column's) ACL, for a server whose version is
     * inferred from the ACLs: tables have the MAINTAIN privilege ({@code m}, PostgreSQL 17 and later)
     * when any item of either ACL mentions it, which is always the case on 17+ for a table whose
     * baseline is acldefault (the owner holds MAINTAIN by default).
     *
     * @param objectKeyword what follows {@code GRANT ... ON}: TABLE, SEQUENCE, SCHEMA, FUNCTION,
     *     PROCEDURE, TYPE, DOMAIN, LANGUAGE, LARGE OBJECT, DATABASE, FOREIGN DATA WRAPPER, FOREIGN
     *     SERVER, TABLESPACE, PARAMETER or FOREIGN TABLE. DOMAIN is written as TYPE, as pg_dump does.
     * @param objectName the object's name as it appears in the command, already quoted and
     *     schema-qualified (a function's includes its argument list, a large object's is its OID)
     * @param columnOrNull the quoted column name for column privileges, otherwise {@code null}
     * @param owner the owner's role name (unquoted); {@code null} or empty when unknown
     * @param actualAcl the object's ACL in aclitem[] text form; {@code null} or empty means the
     *     object has default privileges and nothing is written. When the object has
     *     pg_init_privs but a NULL ACL, pass {@code acldefault(...)} here: a NULL ACL means the
     *     defaults, which differ from the initial privileges, and pg_dump 15 then revokes the
     *     difference (e.g. {@code REVOKE USAGE ON SCHEMA public FROM PUBLIC;})
     * @param baselineAcl the ACL to write relative to, in aclitem[] text form ({@code null} is taken
     *     as {@code {}})
     * @return the commands, each ending with {@code ";\n"}, or the empty string
     * @throws StowageException with {@link ErrorCode#INTERNAL} when an ACL cannot be parsed
     * @throws IllegalArgumentException for an object keyword pg_dump never grants on
     */
    public static String build(String objectKeyword, String objectName, String columnOrNull, String owner,
            String actualAcl, String baselineAcl) {
        return build(objectKeyword, objectName, columnOrNull, owner, actualAcl, baselineAcl, 0);
    }

    /**
     * As {@link #build(String, String, String, String, String, String)}, for a known server version
     * ({@code server_version_num}, e.g. 150004): tables have MAINTAIN from 170000 on. Zero infers it
     * from the ACLs.
     */
    public static String build(String objectKeyword, String objectName, String columnOrNull, String owner,
            String actualAcl, String baselineAcl, int serverVersionNum) {
        String keyword = objectKeyword.toUpperCase(Locale.ROOT);
        String target = " ON " + ("DOMAIN".equals(keyword) ? "TYPE" : keyword) + " " + objectName + " ";
        return build(objectKeyword, objectName, target, "", columnOrNull, owner, actualAcl, baselineAcl, serverVersionNum);
    }

    /**
     * The {@code ALTER DEFAULT PRIVILEGES} commands of one {@code pg_default_acl} row, as
     * buildDefaultACLCommands in dumputils.c writes them: {@code ALTER DEFAULT PRIVILEGES FOR ROLE r
     * [IN SCHEMA s] GRANT|REVOKE ... ON TABLES ...}, relative to {@code baselineAcl}: the built-in
     * default ({@code acldefault}) for a global entry, {@code {}} for a per-schema one, which can only
     * add privileges.
     *
     * @param type TABLES, SEQUENCES, FUNCTIONS, TYPES, SCHEMAS or LARGE OBJECTS
     * @param schemaOrNull the schema of a per-schema entry (unquoted), otherwise {@code null}
     * @param role the role whose default privileges these are (unquoted)
     * @return the commands, each ending with {@code ";\n"}, or the empty string
     */
    public static String buildDefault(String type, String schemaOrNull, String role, String actualAcl,
            String baselineAcl, int serverVersionNum) {
        String prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + SqlText.ident(role) + " "
                + (schemaOrNull == null ? "" : "IN SCHEMA " + SqlText.ident(schemaOrNull) + " ");
        String singular = switch (type) {
            case "TABLES" -> "TABLE";
            case "SEQUENCES" -> "SEQUENCE";
            case "FUNCTIONS" -> "FUNCTION";
            case "TYPES" -> "TYPE";
            case "SCHEMAS" -> "SCHEMA";
            case "LARGE OBJECTS" -> "LARGE OBJECT";
            default -> throw new IllegalArgumentException("no default privileges for object kind " + type);
        };
        // pg_dump prints the (empty) object name between type and TO/FROM: hence two spaces
        return build(singular, "DEFAULT PRIVILEGES FOR " + type, " ON " + type + "  ", prefix, null, role, actualAcl,
                baselineAcl, serverVersionNum);
    }

    private static String build(String objectKeyword, String objectName, String target, String prefix,
            String columnOrNull, String owner, String actualAcl, String baselineAcl, int serverVersionNum) {
        if (actualAcl == null || actualAcl.isEmpty()) {
            return "";
        }
        String ownerName = owner == null || owner.isEmpty() ? null : owner;
        List<String> actual = parseArray(actualAcl, objectKeyword, objectName);
        List<String> baseline = baselineAcl == null || baselineAcl.isEmpty() ? List.of()
                : parseArray(baselineAcl, objectKeyword, objectName);

        boolean withMaintain = serverVersionNum == 0
                ? mentionsMaintain(actual, baseline)
                : serverVersionNum >= MAINTAIN_VERSION;
        PrivilegeSet set = PrivilegeSet.of(objectKeyword, columnOrNull != null, withMaintain);

        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();

        for (String text : baseline) {
            if (actual.contains(text)) {
                continue;
            }
            AclItem item = parseItem(text, actualAcl, objectKeyword, objectName);
            String privs = privilegeList(set, item, columnOrNull, null);
            if (!privs.isEmpty()) {
                first.append(prefix).append("REVOKE ").append(privs).append(target).append("FROM ")
                        .append(roleOrPublic(item)).append(";\n");
            }
        }

        for (String text : actual) {
            if (baseline.contains(text)) {
                continue;
            }
            AclItem item = parseItem(text, actualAcl, objectKeyword, objectName);
            String privs = privilegeList(set, item, columnOrNull, false);
            String privsWithGrantOption = privilegeList(set, item, columnOrNull, true);
            if (privs.isEmpty() && privsWithGrantOption.isEmpty()) {
                continue;
            }
            String grantor = item.grantor().isEmpty() && ownerName != null ? ownerName : item.grantor();
            // The owner's own grants go first so later grants that depend on them stay valid.
            StringBuilder sql = ownerName != null && item.grantee().equals(ownerName) && grantor.equals(ownerName)
                    ? first : second;
            boolean switchGrantor = !grantor.isEmpty() && !grantor.equals(ownerName);
            if (switchGrantor) {
                sql.append("SET SESSION AUTHORIZATION ").append(SqlText.ident(grantor)).append(";\n");
            }
            if (!privs.isEmpty()) {
                sql.append(prefix).append("GRANT ").append(privs).append(target).append("TO ").append(roleOrPublic(item))
                        .append(";\n");
            }
            if (!privsWithGrantOption.isEmpty()) {
                sql.append(prefix).append("GRANT ").append(privsWithGrantOption).append(target).append("TO ")
                        .append(roleOrPublic(item)).append(" WITH GRANT OPTION;\n");
            }
            if (switchGrantor) {
                sql.append("RESET SESSION AUTHORIZATION;\n");
            }
        }
        return first.append(second).toString();
    }

    /**
     * The comma-separated privilege keywords of an item, or {@code ALL} when it holds every
     * privilege of the kind in the same way.
     *
     * @param grantOption {@code null} for every privilege regardless of grant option (for REVOKE),
     *     otherwise only those held with ({@code true}) or without ({@code false}) the grant option
     */
    private static String privilegeList(PrivilegeSet set, AclItem item, String column, Boolean grantOption) {
        List<String> chosen = new ArrayList<>();
        boolean allWithOption = true;
        boolean allWithoutOption = true;
        for (PrivilegeSet.Privilege privilege : set.privileges()) {
            AclItem.Holding holding = item.holding(privilege.code());
            if (holding == AclItem.Holding.NONE) {
                allWithOption = false;
                allWithoutOption = false;
                continue;
            }
            boolean heldWithOption = holding == AclItem.Holding.WITH_GRANT_OPTION && grantOption != null;
            if (heldWithOption) {
                allWithoutOption = false;
            } else {
                allWithOption = false;
            }
            if (grantOption == null || grantOption == heldWithOption) {
                chosen.add(column == null ? privilege.keyword() : privilege.keyword() + "(" + column + ")");
            }
        }
        boolean wantAll = grantOption == null ? allWithoutOption
                : grantOption ? allWithOption : allWithoutOption;
        if (wantAll) {
            return column == null ? "ALL" : "ALL(" + column + ")";
        }
        boolean otherIsAll = grantOption != null && (grantOption ? allWithoutOption : allWithOption);
        return otherIsAll ? "" : String.join(",", chosen);
    }

    private static String roleOrPublic(AclItem item) {
        return item.isPublic() ? "PUBLIC" : SqlText.ident(item.grantee());
    }

    private static boolean mentionsMaintain(List<String> actual, List<String> baseline) {
        for (List<String> items : List.of(actual, baseline)) {
            for (String text : items) {
                AclItem item = AclItem.parse(text);
                if (item != null && item.privileges().indexOf('m') >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> parseArray(String acl, String objectKeyword, String objectName) {
        List<String> items = AclArray.parse(acl);
        if (items == null) {
            throw unparsable(acl, objectKeyword, objectName);
        }
        return items;
    }

    private static AclItem parseItem(String text, String acl, String objectKeyword, String objectName) {
        AclItem item = AclItem.parse(text);
        if (item == null) {
            throw unparsable(acl, objectKeyword, objectName);
        }
        return item;
    }

    private static StowageException unparsable(String acl, String objectKeyword, String objectName) {
        return new StowageException(ErrorCode.INTERNAL,
                "could not parse ACL list (" + acl + ") for object \"" + objectName + "\" (" + objectKeyword + ")",
                "report this as a bug with the ACL text shown");
    }
}
