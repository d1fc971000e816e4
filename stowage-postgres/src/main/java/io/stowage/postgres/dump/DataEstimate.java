package io.stowage.postgres.dump;

import io.stowage.core.progress.ProgressEvent;
import io.stowage.postgres.catalog.CatalogSession;
import io.stowage.postgres.catalog.DumpObject;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The expected size of a dump's data phase, for progress: the number of data entries and their
 * tables' size on the server, heap plus TOAST; each table's, for the choice of binary copies.
 *
 * <p>Sizes come from {@code pg_class.relpages}, which costs no lock and no file access (so it stays
 * cheap for 100,000 tables); a table never vacuumed or analyzed has no pages recorded there and is
 * measured with {@code pg_table_size} instead (the CASE keeps that call to those tables). COPY
 * text is usually within a small factor of the heap's size, which is what an ETA needs.
 */
final class DataEstimate {
    private DataEstimate() {
    }

    /** The data phase's totals, and each table's size by oid (heap plus TOAST). */
    record Estimate(ProgressEvent.Totals totals, Map<Long, Long> bytes) {
        /** The size of {@code table}, 0 when unknown. */
        long of(DumpObject.TableData table) {
            return bytes.getOrDefault(table.tableOid(), 0L);
        }
    }

    static Estimate of(CatalogSession session, Collection<DumpObject.TableData> tables) {
        StringJoiner oids = new StringJoiner(",", "{", "}");
        int known = 0;
        for (DumpObject.TableData t : tables) {
            if (t.tableOid() > 0) {
                oids.add(Long.toString(t.tableOid()));
                known++;
            }
        }
        if (known == 0) {
            return new Estimate(new ProgressEvent.Totals(tables.size(), 0), Map.of());
        }
        Map<Long, Long> bytes = new HashMap<>();
        session.query("the size of the tables to dump",
                "SELECT c.oid, CASE WHEN c.relpages > 0 "
                        + "THEN (c.relpages::bigint + coalesce(t.relpages, 0)) * current_setting('block_size')::bigint "
                        + "ELSE pg_catalog.pg_table_size(c.oid) END "
                        + "FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_class t ON t.oid = c.reltoastrelid "
                        + "WHERE c.oid = ANY (?::pg_catalog.oid[])",
                rs -> bytes.put(rs.getLong(1), rs.getLong(2)), oids.toString());
        long total = 0;
        for (long b : bytes.values()) {
            total += b;
        }
        return new Estimate(new ProgressEvent.Totals(tables.size(), total), bytes);
    }
}
