CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  "accountId" text
);
