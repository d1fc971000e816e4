package io.stowage.postgres.catalog;

import io.stowage.postgres.dump.acl.AclCommands;

/**
 * Default privileges as pg_dump dumps them (pg_dump.c: getDefaultACLs, dumpDefaultACL): one
 * {@code DEFAULT ACL} entry per {@code pg_default_acl} row. A global row replaces the built-in
 * default of its object type, so it is written relative to {@code acldefault}; a per-schema row can
 * only add privileges, so it is written relative to nothing.
 */
final class DefaultAclReader {
    private DefaultAclReader() {
    }

    static void read(CatalogReader reader) {
        int version = reader.session().serverVersionNum();
        reader.session().query("default privileges",
                "SELECT d.oid, pg_catalog.pg_get_userbyid(d.defaclrole), n.nspname, d.defaclobjtype::text, d.defaclacl::text, "
                        + "CASE WHEN d.defaclnamespace = 0 THEN pg_catalog.acldefault(CASE WHEN d.defaclobjtype = 'S' "
                        + "  THEN 's'::\"char\" ELSE d.defaclobjtype END, d.defaclrole)::text ELSE '{}' END "
                        + "FROM pg_catalog.pg_default_acl d LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace "
                        + "ORDER BY d.oid",
                rs -> {
                    String role = rs.getString(2);
                    String schema = rs.getString(3);
                    String objType = rs.getString(4);
                    String type = switch (objType) {
                        case "r" -> "TABLES";
                        case "S" -> "SEQUENCES";
                        case "f" -> "FUNCTIONS";
                        case "T" -> "TYPES";
                        case "n" -> "SCHEMAS";
                        case "L" -> "LARGE OBJECTS";
                        default -> null;
                    };
                    if (type == null) {
                        reader.warn("default privileges of role " + role + " for unknown object type " + objType + " not dumped");
                        return null;
                    }
                    String sql = AclCommands.buildDefault(type, schema, role, rs.getString(5), rs.getString(6), version);
                    // pg_dump names the object by its type letter and sorts equal ones by role
                    DumpObject o = new DumpObject(ObjectKind.DEFAULT_ACL, CatalogId.of("pg_default_acl", rs.getLong(1)),
                            schema, objType, role)
                            .tag("DEFAULT PRIVILEGES FOR " + type).desc("DEFAULT ACL").owner(role).definition(sql);
                    reader.catalog().add(o);
                    return null;
                });
    }
}
