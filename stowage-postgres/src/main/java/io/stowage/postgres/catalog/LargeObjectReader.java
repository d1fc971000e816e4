package io.stowage.postgres.catalog;

/**
 * Large objects as pg_dump 16 dumps them (pg_dump.c: getLOs, dumpLO): one pre-data {@code BLOB}
 * entry per large object ({@code SELECT pg_catalog.lo_create('oid');}) owned by its owner, followed
 * by its comment and ACL, plus a single {@code BLOBS} data entry whose content, every large
 * object's bytes, is streamed when the script is written (see {@code LargeObjectStreamer}).
 */
final class LargeObjectReader {
    private LargeObjectReader() {
    }

    static void read(CatalogReader reader) {
        int[] count = {0};
        reader.session().query("large objects",
                "SELECT m.oid, pg_catalog.pg_get_userbyid(m.lomowner), m.lomacl::text, "
                        + "pg_catalog.acldefault('L', m.lomowner)::text, "
                        + "pg_catalog.obj_description(m.oid, 'pg_largeobject') "
                        + "FROM pg_catalog.pg_largeobject_metadata m ORDER BY m.oid",
                rs -> {
                    String oid = Long.toString(rs.getLong(1));
                    String owner = rs.getString(2);
                    DumpObject o = new DumpObject(ObjectKind.LARGE_OBJECT, CatalogId.of("pg_largeobject", rs.getLong(1)),
                            null, oid, null)
                            .desc("BLOB").owner(owner)
                            .definition("SELECT pg_catalog.lo_create('" + oid + "');\n")
                            .drop("SELECT pg_catalog.lo_unlink('" + oid + "');\n");
                    Acls.comment(o, "LARGE OBJECT " + oid, "LARGE OBJECT " + oid, rs.getString(5));
                    Acls.acl(o, "LARGE OBJECT", "LARGE OBJECT " + oid, oid, null, owner, rs.getString(3),
                            rs.getString(4), null);
                    reader.catalog().add(o);
                    count[0]++;
                    return null;
                });
        if (count[0] > 0) {
            reader.catalog().add(new DumpObject(ObjectKind.LARGE_OBJECT_DATA, null, null, "BLOBS", null).desc("BLOBS"));
        }
    }
}
