CREATE INDEX accounts_active_idx ON accounts (id);
CREATE INDEX accounts_email_plain ON accounts (email);
