CREATE UNIQUE INDEX accounts_email_key ON accounts (LOWER(email));
CREATE INDEX accounts_active ON accounts (id) WHERE (email IS NOT NULL);
