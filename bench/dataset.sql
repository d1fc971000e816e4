-- Builds the benchmark dataset (issue 5, point 7) next to the pgbench tables that run.sh
-- creates first with `pgbench -i`. psql variables, computed by run.sh from --scale:
--   big_rows    rows of public.events     (the one table holding about 40 % of the bytes)
--   wide_rows   rows of public.documents  (text, jsonb, bytea, arrays; some values TOASTed)
--   small_rows  rows of each of the 200 small tables public.s001 .. public.s200
-- Every table is a regular (logged) table, filled by one server-side INSERT ... SELECT over
-- generate_series; keys, indexes and foreign keys come after the data, as a restore would.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET maintenance_work_mem = '256MB';

-- The big table: narrow-ish rows of mixed types, about 40 % of the database.
CREATE TABLE public.events (
    id          bigint      NOT NULL,
    account_id  integer     NOT NULL,
    created_at  timestamptz NOT NULL,
    kind        smallint    NOT NULL,
    amount      numeric(12,2) NOT NULL,
    origin      inet,
    note        text
);
INSERT INTO public.events
SELECT g,
       (g * 7919) % 100000 + 1,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second',
       (g % 12)::smallint,
       ((g * 37) % 10000000) / 100.0,
       ('10.' || (g % 256) || '.' || (g / 256 % 256) || '.' || (g % 7))::inet,
       'event ' || md5(g::text) || CASE WHEN g % 3 = 0 THEN ' ' || md5((g + 1)::text) ELSE '' END
  FROM generate_series(1::bigint, :big_rows) AS g;
ALTER TABLE public.events ADD CONSTRAINT events_pkey PRIMARY KEY (id);

-- The wide table. Every 50th body (about 5 kB of hex digits, which pglz cannot shrink) and every
-- 40th payload (8 kB of pseudo-random bytes) are stored out of line in the TOAST table; the rest
-- is short and compressible.
CREATE TABLE public.documents (
    id          integer     NOT NULL,
    event_id    bigint,
    title       text        NOT NULL,
    body        text,
    attrs       jsonb,
    payload     bytea,
    tags        text[],
    scores      integer[],
    created_at  timestamptz NOT NULL
);
INSERT INTO public.documents
SELECT g,
       CASE WHEN g % 5 <> 0 THEN (g * 13) % :big_rows + 1 END,
       'Document ' || g || ' ' || substr(md5(g::text), 1, 8),
       CASE WHEN g % 50 = 0
            THEN (SELECT string_agg(md5(g::text || ':' || k), ' ') FROM generate_series(1, 150) AS k)
            ELSE repeat('lorem ipsum dolor sit amet ', 1 + g % 8) || md5(g::text) END,
       jsonb_build_object('id', g, 'kind', 'k' || (g % 9), 'name', md5(g::text),
                          'flags', jsonb_build_array(g % 2 = 0, g % 3 = 0),
                          'nested', jsonb_build_object('a', g % 100, 'b', 'x' || (g % 17), 'c', g * 0.5)),
       CASE WHEN g % 40 = 0
            THEN (SELECT decode(string_agg(md5(g::text || '/' || k), ''), 'hex') FROM generate_series(1, 500) AS k)
            ELSE decode(md5(g::text), 'hex') END,
       ARRAY['tag' || (g % 10), 'tag' || (g % 7), 'c' || (g % 3)],
       ARRAY[g % 100, g % 1000, g % 10000, g % 7],
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute'
  FROM generate_series(1, :wide_rows) AS g;
ALTER TABLE public.documents ADD CONSTRAINT documents_pkey PRIMARY KEY (id);
CREATE INDEX documents_event_id_idx ON public.documents (event_id);
CREATE INDEX documents_attrs_idx ON public.documents USING gin (attrs jsonb_path_ops);
ALTER TABLE public.documents ADD CONSTRAINT documents_event_id_fkey
    FOREIGN KEY (event_id) REFERENCES public.events (id);

-- 200 small tables, each with a primary key, a unique and a plain index, and a foreign key to
-- the previous one (s001 references pgbench_branches), so a restore has many small objects
-- and a chain of dependencies to order.
SET bench.small_rows = :'small_rows';
DO $$
DECLARE
    n integer := current_setting('bench.small_rows')::integer;  -- psql leaves :vars in DO bodies alone
    t text;
    prev text;
BEGIN
    FOR k IN 1..200 LOOP
        t := format('s%s', lpad(k::text, 3, '0'));
        EXECUTE format($f$
            CREATE TABLE public.%1$I (
                id         integer     NOT NULL,
                parent_id  integer     NOT NULL,
                code       text        NOT NULL,
                amount     numeric(10,2),
                created_at timestamptz NOT NULL,
                note       text
            )$f$, t);
        EXECUTE format($f$
            INSERT INTO public.%1$I
            SELECT g, CASE WHEN %2$s = 1 THEN g %% (SELECT count(*) FROM public.pgbench_branches)::integer + 1
                           ELSE (g * 31) %% %3$s + 1 END,
                   '%1$s-' || lpad(g::text, 8, '0'),
                   (g %% 100000) / 100.0,
                   timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour',
                   CASE WHEN g %% 4 = 0 THEN NULL ELSE 'note ' || md5(%2$s || '-' || g) END
              FROM generate_series(1, %3$s) AS g$f$, t, k, n);
        EXECUTE format('ALTER TABLE public.%1$I ADD CONSTRAINT %2$I PRIMARY KEY (id)', t, t || '_pkey');
        EXECUTE format('CREATE UNIQUE INDEX %2$I ON public.%1$I (code)', t, t || '_code_key');
        EXECUTE format('CREATE INDEX %2$I ON public.%1$I (created_at)', t, t || '_created_at_idx');
        IF k = 1 THEN
            EXECUTE format('ALTER TABLE public.%1$I ADD CONSTRAINT %2$I FOREIGN KEY (parent_id) '
                           'REFERENCES public.pgbench_branches (bid)', t, t || '_parent_id_fkey');
        ELSE
            EXECUTE format('ALTER TABLE public.%1$I ADD CONSTRAINT %2$I FOREIGN KEY (parent_id) '
                           'REFERENCES public.%3$I (id)', t, t || '_parent_id_fkey', prev);
        END IF;
        prev := t;
    END LOOP;
END
$$;

VACUUM (FREEZE, ANALYZE);
CHECKPOINT;
