package io.stowage.postgres.catalog;

import io.stowage.postgres.sql.DumpQuoting;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * Foreign data wrappers, foreign servers with their user mappings, and the SERVER and OPTIONS of
 * foreign tables (pg_dump.c: dumpForeignDataWrapper, dumpForeignServer, dumpUserMappings,
 * dumpTableSchema). User mapping options often hold passwords: they only ever go into the
 * entries' SQL, never into a log line, a message or a progress event.
 */
final class ForeignDataReader {
    private ForeignDataReader() {
    }

    static void read(CatalogReader reader) {
        readWrappers(reader);
        readServers(reader);
        readUserMappings(reader);
        readForeignTables(reader);
    }

    private static void readWrappers(CatalogReader reader) {
        reader.session().query("foreign data wrappers",
                "SELECT w.oid, w.fdwname, pg_catalog.pg_get_userbyid(w.fdwowner), "
                        + "CASE WHEN w.fdwhandler <> 0 THEN w.fdwhandler::pg_catalog.regproc::text END, "
                        + "CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::pg_catalog.regproc::text END, "
                        + CatalogSql.options("w.fdwoptions") + ", w.fdwacl::text, "
                        + "pg_catalog.acldefault('F', w.fdwowner)::text, " + CatalogSql.initPrivs("pg_foreign_data_wrapper", "w.oid") + ", "
                        + "pg_catalog.obj_description(w.oid, 'pg_foreign_data_wrapper') "
                        + "FROM pg_catalog.pg_foreign_data_wrapper w ORDER BY w.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_foreign_data_wrapper", oid)) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String owner = rs.getString(3);
                    StringBuilder q = new StringBuilder("CREATE FOREIGN DATA WRAPPER ").append(ident(name));
                    if (rs.getString(4) != null) {
                        q.append(" HANDLER ").append(rs.getString(4));
                    }
                    if (rs.getString(5) != null) {
                        q.append(" VALIDATOR ").append(rs.getString(5));
                    }
                    appendOptions(q, rs.getString(6));
                    q.append(";\n");
                    DumpObject o = new DumpObject(ObjectKind.FDW, CatalogId.of("pg_foreign_data_wrapper", oid), null, name, null)
                            .desc("FOREIGN DATA WRAPPER").owner(owner).definition(q.toString())
                            .drop("DROP FOREIGN DATA WRAPPER " + ident(name) + ";\n");
                    Acls.comment(o, "FOREIGN DATA WRAPPER " + ident(name), "FOREIGN DATA WRAPPER " + ident(name), rs.getString(10));
                    Acls.acl(o, "FOREIGN DATA WRAPPER", "FOREIGN DATA WRAPPER " + ident(name), ident(name), null, owner,
                            rs.getString(7), rs.getString(8), rs.getString(9));
                    reader.catalog().add(o);
                    return null;
                });
    }

    private static void readServers(CatalogReader reader) {
        reader.session().query("foreign servers",
                "SELECT s.oid, s.srvname, pg_catalog.pg_get_userbyid(s.srvowner), w.fdwname, s.srvtype, s.srvversion, "
                        + CatalogSql.options("s.srvoptions") + ", s.srvacl::text, "
                        + "pg_catalog.acldefault('S', s.srvowner)::text, " + CatalogSql.initPrivs("pg_foreign_server", "s.oid") + ", "
                        + "pg_catalog.obj_description(s.oid, 'pg_foreign_server') "
                        + "FROM pg_catalog.pg_foreign_server s JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw "
                        + "ORDER BY s.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_foreign_server", oid)) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String owner = rs.getString(3);
                    StringBuilder q = new StringBuilder("CREATE SERVER ").append(ident(name));
                    if (rs.getString(5) != null && !rs.getString(5).isEmpty()) {
                        q.append(" TYPE ").append(DumpQuoting.stringLiteral(rs.getString(5)));
                    }
                    if (rs.getString(6) != null && !rs.getString(6).isEmpty()) {
                        q.append(" VERSION ").append(DumpQuoting.stringLiteral(rs.getString(6)));
                    }
                    q.append(" FOREIGN DATA WRAPPER ").append(ident(rs.getString(4)));
                    appendOptions(q, rs.getString(7));
                    q.append(";\n");
                    DumpObject o = new DumpObject(ObjectKind.FOREIGN_SERVER, CatalogId.of("pg_foreign_server", oid), null, name, null)
                            .desc("SERVER").owner(owner).definition(q.toString())
                            .drop("DROP SERVER " + ident(name) + ";\n");
                    Acls.comment(o, "SERVER " + ident(name), "SERVER " + ident(name), rs.getString(11));
                    Acls.acl(o, "FOREIGN SERVER", "FOREIGN SERVER " + ident(name), ident(name), null, owner,
                            rs.getString(8), rs.getString(9), rs.getString(10));
                    reader.catalog().add(o);
                    return null;
                });
    }

    /**
     * pg_dump writes a server's user mappings as entries of their own right after it; they sort
     * with the server (same priority and name) and follow it by their tie-breaker.
     */
    private static void readUserMappings(CatalogReader reader) {
        reader.session().query("user mappings",
                "SELECT u.umid, u.srvid, u.srvname, u.usename, " + CatalogSql.options("u.umoptions") + " "
                        + "FROM pg_catalog.pg_user_mappings u ORDER BY u.srvid, u.usename",
                rs -> {
                    DumpObject server = reader.catalog().find("pg_foreign_server", rs.getLong(2));
                    if (server == null) {
                        return null;
                    }
                    String user = rs.getString(4);
                    String target = ident(user) + " SERVER " + ident(rs.getString(3));
                    StringBuilder q = new StringBuilder("CREATE USER MAPPING FOR ").append(target);
                    appendOptions(q, rs.getString(5));
                    q.append(";\n");
                    DumpObject o = new DumpObject(ObjectKind.FOREIGN_SERVER, CatalogId.of("pg_user_mapping", rs.getLong(1)),
                            null, server.name(), "\u0001" + user)
                            .tag("USER MAPPING " + user + " SERVER " + rs.getString(3)).desc("USER MAPPING")
                            .owner(server.owner()).parent(server).definition(q.toString())
                            .drop("DROP USER MAPPING FOR " + target + ";\n");
                    o.dependOn(server);
                    reader.catalog().add(o);
                    return null;
                });
    }

    private static void readForeignTables(CatalogReader reader) {
        reader.session().query("foreign tables",
                "SELECT ft.ftrelid, s.srvname, " + CatalogSql.options("ft.ftoptions") + " "
                        + "FROM pg_catalog.pg_foreign_table ft JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver",
                rs -> {
                    DumpObject table = reader.relation(rs.getLong(1));
                    if (table != null && table.relation() != null) {
                        table.relation().foreignServer(ident(rs.getString(2)), rs.getString(3));
                    }
                    return null;
                });
    }

    private static void appendOptions(StringBuilder q, String options) {
        if (options != null && !options.isEmpty()) {
            q.append(" OPTIONS (\n    ").append(options).append("\n)");
        }
    }
}
