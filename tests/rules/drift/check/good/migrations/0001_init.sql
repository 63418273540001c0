CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  age int,
  CHECK ((age >= 0))
);
ALTER TABLE accounts ADD CONSTRAINT email_has_at CHECK (POSITION('@' IN email) > 1);
