package io.stowage.postgres.dump;

import java.util.Map;

/**
 * The fixed oids of the system catalogs objects live in, as archives record them in each entry's
 * {@code tableoid} (pg_dump's {@code catId.tableoid}). They are pinned in the catalog headers
 * ({@code pg_class.h}: {@code RelationRelationId} 1259 ...) and the same on every server version.
 */
final class CatalogOids {
    static final long PG_DATABASE = 1262;

    private static final Map<String, Long> OIDS = Map.ofEntries(
            Map.entry("pg_aggregate", 2600L),
            Map.entry("pg_am", 2601L),
            Map.entry("pg_attrdef", 2604L),
            Map.entry("pg_cast", 2605L),
            Map.entry("pg_class", 1259L),
            Map.entry("pg_collation", 3456L),
            Map.entry("pg_constraint", 2606L),
            Map.entry("pg_conversion", 2607L),
            Map.entry("pg_database", PG_DATABASE),
            Map.entry("pg_default_acl", 826L),
            Map.entry("pg_event_trigger", 3466L),
            Map.entry("pg_extension", 3079L),
            Map.entry("pg_foreign_data_wrapper", 2328L),
            Map.entry("pg_foreign_server", 1417L),
            Map.entry("pg_language", 2612L),
            // pg_dump identifies large objects by LargeObjectRelationId, not pg_largeobject_metadata's 2995
            Map.entry("pg_largeobject", 2613L),
            Map.entry("pg_namespace", 2615L),
            Map.entry("pg_opclass", 2616L),
            Map.entry("pg_operator", 2617L),
            Map.entry("pg_opfamily", 2753L),
            Map.entry("pg_policy", 3256L),
            Map.entry("pg_proc", 1255L),
            Map.entry("pg_publication", 6104L),
            Map.entry("pg_publication_namespace", 6237L),
            Map.entry("pg_publication_rel", 6106L),
            Map.entry("pg_rewrite", 2618L),
            Map.entry("pg_statistic_ext", 3381L),
            Map.entry("pg_subscription", 6100L),
            Map.entry("pg_transform", 3576L),
            Map.entry("pg_trigger", 2620L),
            Map.entry("pg_ts_config", 3602L),
            Map.entry("pg_ts_dict", 3600L),
            Map.entry("pg_ts_parser", 3601L),
            Map.entry("pg_ts_template", 3764L),
            Map.entry("pg_type", 1247L),
            Map.entry("pg_user_mapping", 1418L));

    private CatalogOids() {
    }

    /** The oid of the catalog named {@code name}, such as 1259 for {@code pg_class}; 0 if unknown. */
    static long of(String name) {
        return OIDS.getOrDefault(name, 0L);
    }
}
