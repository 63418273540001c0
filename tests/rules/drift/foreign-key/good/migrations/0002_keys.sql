ALTER TABLE sessions
  ADD CONSTRAINT sessions_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
  ADD FOREIGN KEY (org_id) REFERENCES orgs (id);
