CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  plan text NOT NULL DEFAULT 'trial',
  note text DEFAULT ''
);
