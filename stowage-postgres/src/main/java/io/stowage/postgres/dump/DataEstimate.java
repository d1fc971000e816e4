package io.stowage.postgres.dump;

import io.stowage.core.progress.ProgressEvent;
import io.stowage.postgres.catalog.CatalogSession;
import io.stowage.postgres.catalog.DumpObject;

import java.util.Collection;
import java.util.StringJoiner;

/**
 * The expected size of a dump's data phase, for progress: the number of data entries and their
 * tables' size on the server, heap plus TOAST.
 *
 * <p>Sizes come from {@code pg_class.relpages}, which costs no lock and no file access (so it stays
 * cheap for 100,000 tables); a table never vacuumed or analyzed has no pages recorded there and is
 * measured with {@code pg_table_size} instead (the CASE keeps that call to those tables). COPY
 * text is usually within a small factor of the heap's size, which is what an ETA needs.
 */
final class DataEstimate {
    private DataEstimate() {
    }

    static ProgressEvent.Totals totals(CatalogSession session, Collection<DumpObject.TableData> tables) {
        StringJoiner oids = new StringJoiner(",", "{", "}");
        int known = 0;
        for (DumpObject.TableData t : tables) {
            if (t.tableOid() > 0) {
                oids.add(Long.toString(t.tableOid()));
                known++;
            }
        }
        if (known == 0) {
            return new ProgressEvent.Totals(tables.size(), 0);
        }
        Long bytes = session.query("the size of the tables to dump",
                "SELECT coalesce(sum(CASE WHEN c.relpages > 0 "
                        + "THEN (c.relpages::bigint + coalesce(t.relpages, 0)) * current_setting('block_size')::bigint "
                        + "ELSE pg_catalog.pg_table_size(c.oid) END), 0)::bigint "
                        + "FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_class t ON t.oid = c.reltoastrelid "
                        + "WHERE c.oid = ANY (?::pg_catalog.oid[])",
                rs -> rs.getLong(1), oids.toString()).get(0);
        return new ProgressEvent.Totals(tables.size(), bytes);
    }
}
