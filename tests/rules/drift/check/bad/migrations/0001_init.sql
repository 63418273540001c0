CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  age int CHECK (age > 0),
  CONSTRAINT email_has_at CHECK (position('@' in email) > 0)
);
