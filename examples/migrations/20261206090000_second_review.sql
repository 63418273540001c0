-- The second storage review (2026-12-06): composite tenant keys, ledgers without foreign
-- keys, partial unique indexes under soft deletion, checks for enumerated columns, cost
-- precision, idempotency keys and the indexes the purges need.
-- drift/index: index `accounts_email_key` of `accounts` is unique index (email) WHERE "deletedAt" IS NULL in the spec but unique index (email) in the implementation
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_email_key";
CREATE UNIQUE INDEX "accounts_email_key" ON "accounts" ("email") WHERE "deletedAt" IS NULL;
-- drift/index: index `accounts_authSubject_key` of `accounts` is unique index (authSubject) WHERE "deletedAt" IS NULL in the spec but unique index (authSubject) in the implementation
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_authSubject_key";
CREATE UNIQUE INDEX "accounts_authSubject_key" ON "accounts" ("authSubject") WHERE "deletedAt" IS NULL;
-- drift/check: check `"status" IN ('active', 'suspended', 'deleted')` of `accounts` is not in the implementation
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_status_check" CHECK ("status" IN ('active', 'suspended', 'deleted'));
-- drift/check: check `("status" = 'deleted') = ("deletedAt" IS NOT NULL)` of `accounts` is not in the implementation
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_deleted_check" CHECK (("status" = 'deleted') = ("deletedAt" IS NOT NULL));
-- drift/check: check `"email" = lower("email")` of `accounts` is not in the implementation
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_email_check" CHECK ("email" = lower("email"));
-- drift/index: index (orgId, projectId) of `apiKeys` is not in the implementation
CREATE INDEX "apiKeys_orgId_projectId_idx" ON "apiKeys" ("orgId", "projectId");
-- drift/index: index (orgId) of the implementation's `apiKeys` is not in the spec
DROP INDEX "apiKeys_orgId_idx";
-- drift/index: index (projectId) WHERE "projectId" IS NOT NULL of the implementation's `apiKeys` is not in the spec
DROP INDEX "apiKeys_projectId_idx";
-- drift/missing-column: column `auditEvents.orgSlugSnapshot` is not in the implementation
ALTER TABLE "auditEvents" ADD COLUMN "orgSlugSnapshot" text;
-- drift/missing-column: column `auditEvents.actorType` is not in the implementation
ALTER TABLE "auditEvents" ADD COLUMN "actorType" text NOT NULL;
-- drift/missing-column: column `auditEvents.actorLabel` is not in the implementation
ALTER TABLE "auditEvents" ADD COLUMN "actorLabel" text NOT NULL;
-- drift/check: check `"actorType" IN ('account', 'apiKey', 'system')` of `auditEvents` is not in the implementation
ALTER TABLE "auditEvents" ADD CONSTRAINT "auditEvents_actorType_check" CHECK ("actorType" IN ('account', 'apiKey', 'system'));
-- drift/check: check `(("actorType" = 'account') = ("actorAccountId" IS NOT NULL)) AND (("actorType" = 'apiKey') = ("actorApiKeyId" IS NOT NULL))` of `auditEvents` is not in the implementation
ALTER TABLE "auditEvents" ADD CONSTRAINT "auditEvents_actor_check" CHECK ((("actorType" = 'account') = ("actorAccountId" IS NOT NULL)) AND (("actorType" = 'apiKey') = ("actorApiKeyId" IS NOT NULL)));
-- drift/check: check `("orgId" IS NULL) = ("orgSlugSnapshot" IS NULL)` of `auditEvents` is not in the implementation
ALTER TABLE "auditEvents" ADD CONSTRAINT "auditEvents_org_check" CHECK (("orgId" IS NULL) = ("orgSlugSnapshot" IS NULL));
-- drift/check: check `"role" IN ('user', 'model', 'system', 'tool')` of `messages` is not in the implementation
ALTER TABLE "messages" ADD CONSTRAINT "messages_role_check" CHECK ("role" IN ('user', 'model', 'system', 'tool'));
-- drift/check: check `"sequence" >= 1` of `messages` is not in the implementation
ALTER TABLE "messages" ADD CONSTRAINT "messages_sequence_check" CHECK ("sequence" >= 1);
-- drift/index: index `orgs_slug_key` of `orgs` is unique index (slug) WHERE "deletedAt" IS NULL in the spec but unique index (slug) in the implementation
ALTER TABLE "orgs" DROP CONSTRAINT "orgs_slug_key";
CREATE UNIQUE INDEX "orgs_slug_key" ON "orgs" ("slug") WHERE "deletedAt" IS NULL;
-- drift/check: check `"slug" ~ '^[a-z0-9-]+$'` of `orgs` is not in the implementation
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_slug_check" CHECK ("slug" ~ '^[a-z0-9-]+$');
-- drift/check: check `"role" IN ('owner', 'admin', 'member')` of `orgMembers` is not in the implementation
ALTER TABLE "orgMembers" ADD CONSTRAINT "orgMembers_role_check" CHECK ("role" IN ('owner', 'admin', 'member'));
-- drift/index: index (expiresAt) of `invitations` is not in the implementation
CREATE INDEX "invitations_expiresAt_idx" ON "invitations" ("expiresAt");
-- drift/check: check `"role" IN ('owner', 'admin', 'member')` of `invitations` is not in the implementation
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_role_check" CHECK ("role" IN ('owner', 'admin', 'member'));
-- drift/check: check `"email" = lower("email")` of `invitations` is not in the implementation
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_email_check" CHECK ("email" = lower("email"));
-- drift/missing-column: column `projects.status` is not in the implementation
ALTER TABLE "projects" ADD COLUMN "status" text NOT NULL DEFAULT 'active';
-- drift/extra-column: column `projects.archivedAt` of the implementation is not in the spec
ALTER TABLE "projects" DROP COLUMN "archivedAt";
-- drift/index: unique index (orgId, id) of `projects` is not in the implementation
ALTER TABLE "projects" ADD CONSTRAINT "projects_orgId_id_key" UNIQUE ("orgId", "id");
-- drift/check: check `"status" IN ('active', 'archived')` of `projects` is not in the implementation
ALTER TABLE "projects" ADD CONSTRAINT "projects_status_check" CHECK ("status" IN ('active', 'archived'));
-- drift/index: index (projectId, forkedFromSessionId) WHERE "forkedFromSessionId" IS NOT NULL of `sessions` is not in the implementation
CREATE INDEX "sessions_projectId_forkedFromSessionId_idx" ON "sessions" ("projectId", "forkedFromSessionId") WHERE "forkedFromSessionId" IS NOT NULL;
-- drift/index: unique index (projectId, id) of `sessions` is not in the implementation
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_projectId_id_key" UNIQUE ("projectId", "id");
-- drift/index: index (forkedFromSessionId) WHERE "forkedFromSessionId" IS NOT NULL of the implementation's `sessions` is not in the spec
DROP INDEX "sessions_forkedFromSessionId_idx";
-- drift/check: check `"status" IN ('active', 'archived')` of `sessions` is not in the implementation
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_status_check" CHECK ("status" IN ('active', 'archived'));
-- drift/missing-column: column `usageRecords.idempotencyKey` is not in the implementation
ALTER TABLE "usageRecords" ADD COLUMN "idempotencyKey" text NOT NULL;
-- drift/nullability: `usageRecords.orgId` is NOT NULL in the spec but nullable in the implementation
ALTER TABLE "usageRecords" ALTER COLUMN "orgId" SET NOT NULL;
-- drift/missing-column: column `usageRecords.orgSlugSnapshot` is not in the implementation
ALTER TABLE "usageRecords" ADD COLUMN "orgSlugSnapshot" text NOT NULL;
-- drift/type: `usageRecords.costUsd` is `numeric(18,10)` in the spec but `numeric(12,4)` in the implementation
ALTER TABLE "usageRecords" ALTER COLUMN "costUsd" TYPE numeric(18,10);
-- drift/index: unique index (idempotencyKey) of `usageRecords` is not in the implementation
ALTER TABLE "usageRecords" ADD CONSTRAINT "usageRecords_idempotencyKey_key" UNIQUE ("idempotencyKey");
-- drift/index: index (projectId, occurredAt) WHERE "projectId" IS NOT NULL of `usageRecords` is not in the implementation
CREATE INDEX "usageRecords_projectId_occurredAt_idx" ON "usageRecords" ("projectId", "occurredAt") WHERE "projectId" IS NOT NULL;
-- drift/index: index (occurredAt) of `usageRecords` is not in the implementation
CREATE INDEX "usageRecords_occurredAt_idx" ON "usageRecords" ("occurredAt");
-- drift/index: index (projectId) WHERE "projectId" IS NOT NULL of the implementation's `usageRecords` is not in the spec
DROP INDEX "usageRecords_projectId_idx";
-- drift/index: index (providerCredentialId) WHERE "providerCredentialId" IS NOT NULL of the implementation's `usageRecords` is not in the spec
DROP INDEX "usageRecords_providerCredentialId_idx";
-- drift/check: check `"sessionId" IS NULL OR "projectId" IS NOT NULL` of `usageRecords` is not in the implementation
ALTER TABLE "usageRecords" ADD CONSTRAINT "usageRecords_session_check" CHECK ("sessionId" IS NULL OR "projectId" IS NOT NULL);
-- drift/check: check `"inputTokens" >= 0 AND "outputTokens" >= 0 AND "costUsd" >= 0` of `usageRecords` is not in the implementation
ALTER TABLE "usageRecords" ADD CONSTRAINT "usageRecords_tokens_check" CHECK ("inputTokens" >= 0 AND "outputTokens" >= 0 AND "costUsd" >= 0);
-- drift/index: index (orgId, projectId) of `webhooks` is not in the implementation
CREATE INDEX "webhooks_orgId_projectId_idx" ON "webhooks" ("orgId", "projectId");
-- drift/index: index (orgId) of the implementation's `webhooks` is not in the spec
DROP INDEX "webhooks_orgId_idx";
-- drift/index: index (projectId) WHERE "projectId" IS NOT NULL of the implementation's `webhooks` is not in the spec
DROP INDEX "webhooks_projectId_idx";
-- drift/index: unique index (webhookId, eventId) of `webhookDeliveries` is not in the implementation
ALTER TABLE "webhookDeliveries" ADD CONSTRAINT "webhookDeliveries_webhookId_eventId_key" UNIQUE ("webhookId", "eventId");
-- drift/check: check `"status" IN ('pending', 'delivered', 'failed')` of `webhookDeliveries` is not in the implementation
ALTER TABLE "webhookDeliveries" ADD CONSTRAINT "webhookDeliveries_status_check" CHECK ("status" IN ('pending', 'delivered', 'failed'));
-- drift/check: check `"attempt" BETWEEN 0 AND 8` of `webhookDeliveries` is not in the implementation
ALTER TABLE "webhookDeliveries" ADD CONSTRAINT "webhookDeliveries_attempt_check" CHECK ("attempt" BETWEEN 0 AND 8);
-- drift/foreign-key: foreign key apiKeys.(orgId, projectId) -> projects.(orgId, id) is not in the implementation
ALTER TABLE "apiKeys" ADD CONSTRAINT "apiKeys_project_fkey" FOREIGN KEY ("orgId", "projectId") REFERENCES "projects" ("orgId", "id") ON DELETE CASCADE;
-- drift/foreign-key: foreign key sessions.(projectId, forkedFromSessionId) -> sessions.(projectId, id) is not in the implementation
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_forkedFrom_fkey" FOREIGN KEY ("projectId", "forkedFromSessionId") REFERENCES "sessions" ("projectId", "id") ON DELETE SET NULL ("forkedFromSessionId");
-- drift/foreign-key: foreign key webhooks.(orgId, projectId) -> projects.(orgId, id) is not in the implementation
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_project_fkey" FOREIGN KEY ("orgId", "projectId") REFERENCES "projects" ("orgId", "id") ON DELETE CASCADE;
-- drift/foreign-key: foreign key apiKeys.projectId -> projects.id of the implementation is not in the spec
ALTER TABLE "apiKeys" DROP CONSTRAINT "apiKeys_projectId_fkey";
-- drift/foreign-key: foreign key auditEvents.orgId -> orgs.id of the implementation is not in the spec
ALTER TABLE "auditEvents" DROP CONSTRAINT "auditEvents_orgId_fkey";
-- drift/foreign-key: foreign key auditEvents.actorAccountId -> accounts.id of the implementation is not in the spec
ALTER TABLE "auditEvents" DROP CONSTRAINT "auditEvents_actorAccountId_fkey";
-- drift/foreign-key: foreign key auditEvents.actorApiKeyId -> apiKeys.id of the implementation is not in the spec
ALTER TABLE "auditEvents" DROP CONSTRAINT "auditEvents_actorApiKeyId_fkey";
-- drift/foreign-key: foreign key sessions.forkedFromSessionId -> sessions.id of the implementation is not in the spec
ALTER TABLE "sessions" DROP CONSTRAINT "sessions_forkedFromSessionId_fkey";
-- drift/foreign-key: foreign key webhooks.projectId -> projects.id of the implementation is not in the spec
ALTER TABLE "webhooks" DROP CONSTRAINT "webhooks_projectId_fkey";
-- drift/foreign-key: foreign key usageRecords.orgId -> orgs.id of the implementation is not in the spec
ALTER TABLE "usageRecords" DROP CONSTRAINT "usageRecords_orgId_fkey";
-- drift/foreign-key: foreign key usageRecords.projectId -> projects.id of the implementation is not in the spec
ALTER TABLE "usageRecords" DROP CONSTRAINT "usageRecords_projectId_fkey";
-- drift/foreign-key: foreign key usageRecords.sessionId -> sessions.id of the implementation is not in the spec
ALTER TABLE "usageRecords" DROP CONSTRAINT "usageRecords_sessionId_fkey";
-- drift/foreign-key: foreign key usageRecords.accountId -> accounts.id of the implementation is not in the spec
ALTER TABLE "usageRecords" DROP CONSTRAINT "usageRecords_accountId_fkey";
-- drift/foreign-key: foreign key usageRecords.apiKeyId -> apiKeys.id of the implementation is not in the spec
ALTER TABLE "usageRecords" DROP CONSTRAINT "usageRecords_apiKeyId_fkey";
-- drift/foreign-key: foreign key usageRecords.providerCredentialId -> providerCredentials.id of the implementation is not in the spec
ALTER TABLE "usageRecords" DROP CONSTRAINT "usageRecords_providerCredentialId_fkey";
