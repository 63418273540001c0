CREATE TABLE accounts (
  id integer PRIMARY KEY DEFAULT nextval('accounts_id_seq'),
  created timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  plan text NOT NULL DEFAULT 'free'::text
);
