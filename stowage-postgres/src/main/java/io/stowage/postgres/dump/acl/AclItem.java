package io.stowage.postgres.dump.acl;

/**
 * One {@code aclitem} as the server prints it: {@code grantee=privileges/grantor}, role names
 * quoted with {@code "} and {@code ""} when needed (putid() in the backend's acl.c).
 *
 * @param grantee the grantee role, or the empty string for PUBLIC
 * @param privileges the privilege letters, each optionally followed by {@code *} for the grant option
 * @param grantor the grantor role (empty only if the item has none)
 */
record AclItem(String grantee, String privileges, String grantor) {

    /** Whether the grant is to PUBLIC. */
    boolean isPublic() {
        return grantee.isEmpty();
    }

    /** Whether the item holds {@code code}, and whether with the grant option. */
    Holding holding(char code) {
        int at = privileges.indexOf(code);
        if (at < 0) {
            return Holding.NONE;
        }
        return at + 1 < privileges.length() && privileges.charAt(at + 1) == '*' ? Holding.WITH_GRANT_OPTION
                : Holding.PLAIN;
    }

    /** How an item holds one privilege. */
    enum Holding { NONE, PLAIN, WITH_GRANT_OPTION }

    /**
     * Parses one item the way pg_dump's parseAclItem does, or returns {@code null} when the text is
     * not an aclitem.
     */
    static AclItem parse(String item) {
        StringBuilder grantee = new StringBuilder();
        int eq = dequoteRoleName(item, 0, grantee);
        if (eq >= item.length() || item.charAt(eq) != '=') {
            return null;
        }
        int slash = item.indexOf('/', eq + 1);
        if (slash < 0) {
            return null;
        }
        StringBuilder grantor = new StringBuilder();
        int end = dequoteRoleName(item, slash + 1, grantor);
        if (end != item.length()) {
            return null;
        }
        return new AclItem(grantee.toString(), item.substring(eq + 1, slash), grantor.toString());
    }

    /**
     * Copies a possibly quoted role name starting at {@code from} into {@code out}, stopping at an
     * unquoted {@code =} or the end; returns where it stopped (dequoteAclUserName in dumputils.c).
     */
    private static int dequoteRoleName(String s, int from, StringBuilder out) {
        int i = from;
        while (i < s.length() && s.charAt(i) != '=') {
            if (s.charAt(i) != '"') {
                out.append(s.charAt(i++));
                continue;
            }
            i++;
            while (true) {
                if (i >= s.length()) {
                    return i;
                }
                char c = s.charAt(i);
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        out.append('"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                out.append(c);
                i++;
            }
        }
        return i;
    }
}
