--
-- PostgreSQL database dump
--

\restrict 02tPnxz2qbffor9KsB6bldkXUe23tgueef393hKsadNes3RZ5hgbk9c2AcDbx6t

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: app; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA app;


ALTER SCHEMA app OWNER TO postgres;

--
-- Name: citext; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;


--
-- Name: EXTENSION citext; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION citext IS 'case-insensitive text';


--
-- Name: add_one(integer); Type: FUNCTION; Schema: app; Owner: postgres
--

CREATE FUNCTION app.add_one(i integer) RETURNS integer
    LANGUAGE sql
    AS $$ SELECT i + 1 $$;


ALTER FUNCTION app.add_one(i integer) OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: customers; Type: TABLE; Schema: app; Owner: postgres
--

CREATE TABLE app.customers (
    id integer NOT NULL,
    name public.citext NOT NULL,
    balance numeric(10,2),
    CONSTRAINT customers_balance_check CHECK ((balance >= (0)::numeric))
);


ALTER TABLE app.customers OWNER TO postgres;

--
-- Name: TABLE customers; Type: COMMENT; Schema: app; Owner: postgres
--

COMMENT ON TABLE app.customers IS 'customers';


--
-- Name: orders; Type: TABLE; Schema: app; Owner: postgres
--

CREATE TABLE app.orders (
    id integer NOT NULL,
    customer_id integer,
    note text
);


ALTER TABLE app.orders OWNER TO postgres;

--
-- Name: customer_orders; Type: VIEW; Schema: app; Owner: postgres
--

CREATE VIEW app.customer_orders AS
 SELECT c.name,
    o.id
   FROM (app.customers c
     JOIN app.orders o ON ((o.customer_id = c.id)));


ALTER TABLE app.customer_orders OWNER TO postgres;

--
-- Name: mv; Type: MATERIALIZED VIEW; Schema: app; Owner: postgres
--

CREATE MATERIALIZED VIEW app.mv AS
 SELECT count(*) AS n
   FROM app.orders
  WITH NO DATA;


ALTER TABLE app.mv OWNER TO postgres;

--
-- Name: orders_id_seq; Type: SEQUENCE; Schema: app; Owner: postgres
--

CREATE SEQUENCE app.orders_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE app.orders_id_seq OWNER TO postgres;

--
-- Name: orders_id_seq; Type: SEQUENCE OWNED BY; Schema: app; Owner: postgres
--

ALTER SEQUENCE app.orders_id_seq OWNED BY app.orders.id;


--
-- Name: parted; Type: TABLE; Schema: app; Owner: postgres
--

CREATE TABLE app.parted (
    k integer,
    v text
)
PARTITION BY RANGE (k);


ALTER TABLE app.parted OWNER TO postgres;

--
-- Name: parted_1; Type: TABLE; Schema: app; Owner: postgres
--

CREATE TABLE app.parted_1 (
    k integer,
    v text
);


ALTER TABLE app.parted_1 OWNER TO postgres;

--
-- Name: parted_1; Type: TABLE ATTACH; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.parted ATTACH PARTITION app.parted_1 FOR VALUES FROM (0) TO (100);


--
-- Name: orders id; Type: DEFAULT; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.orders ALTER COLUMN id SET DEFAULT nextval('app.orders_id_seq'::regclass);


--
-- Name: 16532; Type: BLOB; Schema: -; Owner: postgres
--

SELECT pg_catalog.lo_create('16532');


ALTER LARGE OBJECT 16532 OWNER TO postgres;

--
-- Data for Name: customers; Type: TABLE DATA; Schema: app; Owner: postgres
--

COPY app.customers (id, name, balance) FROM stdin;
1	Ann	10.50
2	Bob	0.00
3	Émile	3.00
\.


--
-- Data for Name: orders; Type: TABLE DATA; Schema: app; Owner: postgres
--

COPY app.orders (id, customer_id, note) FROM stdin;
1	1	first
2	1	\N
3	3	third
\.


--
-- Data for Name: parted_1; Type: TABLE DATA; Schema: app; Owner: postgres
--

COPY app.parted_1 (k, v) FROM stdin;
1	one
50	fifty
\.


--
-- Name: orders_id_seq; Type: SEQUENCE SET; Schema: app; Owner: postgres
--

SELECT pg_catalog.setval('app.orders_id_seq', 3, true);


--
-- Data for Name: BLOBS; Type: BLOBS; Schema: -; Owner: -
--

BEGIN;

SELECT pg_catalog.lo_open('16532', 131072);
SELECT pg_catalog.lowrite(0, '\x68656c6c6f206c61726765206f626a656374');
SELECT pg_catalog.lo_close(0);

COMMIT;

--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);


--
-- Name: orders_customer_idx; Type: INDEX; Schema: app; Owner: postgres
--

CREATE INDEX orders_customer_idx ON app.orders USING btree (customer_id);


--
-- Name: orders orders_customer_id_fkey; Type: FK CONSTRAINT; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.orders
    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES app.customers(id);


--
-- Name: TABLE customers; Type: ACL; Schema: app; Owner: postgres
--

GRANT SELECT ON TABLE app.customers TO reader;


--
-- Name: mv; Type: MATERIALIZED VIEW DATA; Schema: app; Owner: postgres
--

REFRESH MATERIALIZED VIEW app.mv;


--
-- PostgreSQL database dump complete
--

\unrestrict 02tPnxz2qbffor9KsB6bldkXUe23tgueef393hKsadNes3RZ5hgbk9c2AcDbx6t

