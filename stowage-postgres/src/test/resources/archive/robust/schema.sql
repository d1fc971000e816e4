CREATE DATABASE robustdb;
\c robustdb
CREATE EXTENSION citext;
COMMENT ON EXTENSION citext IS 'case-insensitive text';
CREATE SCHEMA app;
CREATE TABLE app.customers (id int PRIMARY KEY, name citext NOT NULL, balance numeric(10,2) CHECK (balance >= 0));
COMMENT ON TABLE app.customers IS 'customers';
COMMENT ON COLUMN app.customers.name IS 'name, case-insensitive';
CREATE TABLE app.orders (id serial PRIMARY KEY, customer_id int REFERENCES app.customers(id), note text, payload bytea);
CREATE INDEX orders_customer_idx ON app.orders(customer_id);
CREATE VIEW app.customer_orders AS SELECT c.name, o.id FROM app.customers c JOIN app.orders o ON o.customer_id = c.id;
CREATE FUNCTION app.add_one(i integer) RETURNS integer LANGUAGE sql AS $$ SELECT i + 1 $$;
CREATE ROLE reader;
GRANT SELECT ON app.customers TO reader;
INSERT INTO app.customers VALUES (1, 'Ann', 10.5), (2, 'Bob', 0), (3, 'Émile', 3);
INSERT INTO app.orders (customer_id, note, payload)
  SELECT 1 + g % 3, CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || g || E'\ttab\\back ' || md5(g::text) END, decode(md5(g::text), 'hex')
  FROM generate_series(1, 300) g;
SELECT lo_from_bytea(0, 'hello large object');
SELECT lo_from_bytea(3000000000, decode(string_agg(md5(g::text), ''), 'hex')) FROM generate_series(1, 400) g;
COMMENT ON LARGE OBJECT 3000000000 IS 'a large object with an oid above 2^31';
