CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  email text NOT NULL
);
CREATE TABLE sessions (
  id bigint PRIMARY KEY,
  token text NOT NULL
);
ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL;
