CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  email varchar(50) NOT NULL
);
