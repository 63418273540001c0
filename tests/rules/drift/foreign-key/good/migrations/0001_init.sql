CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  email text NOT NULL
);
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE sessions (
  id bigint PRIMARY KEY,
  account_id bigint NOT NULL,
  org_id bigint,
  owner_id bigint
);
