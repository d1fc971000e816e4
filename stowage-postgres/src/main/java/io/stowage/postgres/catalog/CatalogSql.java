package io.stowage.postgres.catalog;

/** SQL fragments the readers of the object families share. */
final class CatalogSql {
    private CatalogSql() {
    }

    /**
     * A generic options array ({@code fdwoptions}, {@code srvoptions}, {@code umoptions},
     * {@code ftoptions}, {@code attfdwoptions}) as pg_dump prints it: {@code name 'value'} items
     * sorted by name, one per line. Empty when there are none.
     */
    static String options(String column) {
        return "pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_ident(option_name) || ' ' || "
                + "pg_catalog.quote_literal(option_value) FROM pg_catalog.pg_options_to_table(" + column + ") "
                + "ORDER BY option_name), E',\\n    ')";
    }

    /** The object's initial privileges (pg_init_privs), or NULL. */
    static String initPrivs(String catalogName, String oidExpr) {
        return "(SELECT ip.initprivs::text FROM pg_catalog.pg_init_privs ip WHERE ip.objoid = " + oidExpr
                + " AND ip.classoid = 'pg_catalog." + catalogName + "'::pg_catalog.regclass AND ip.objsubid = 0)";
    }

    /** {@code nsp.name} quoted, for a namespace oid column and a name column. */
    static String qualifiedName(String namespaceOid, String name) {
        return "(SELECT pg_catalog.quote_ident(qn.nspname) FROM pg_catalog.pg_namespace qn WHERE qn.oid = " + namespaceOid
                + ") || '.' || pg_catalog.quote_ident(" + name + ")";
    }

    /**
     * A regproc or regprocedure reference as pg_dump's convertRegProcReference leaves it: null for
     * {@code -}, otherwise the name without its argument list.
     */
    static String procName(String regproc) {
        if (regproc == null || "-".equals(regproc)) {
            return null;
        }
        boolean inQuote = false;
        for (int i = 0; i < regproc.length(); i++) {
            char c = regproc.charAt(i);
            if (c == '(' && !inQuote) {
                return regproc.substring(0, i);
            }
            if (c == '"') {
                inQuote = !inQuote;
            }
        }
        return regproc;
    }
}
