CREATE TABLE accounts (
  id integer PRIMARY KEY,
  email character varying(50) NOT NULL,
  seen timestamp with time zone
);
