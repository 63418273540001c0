CREATE TABLE "auditEvents" (
  "id" text NOT NULL,
  "orgId" text,
  "actorAccountId" text,
  "actorApiKeyId" text,
  "action" text NOT NULL,
  "targetType" text NOT NULL,
  "targetId" text,
  "metadata" jsonb NOT NULL DEFAULT '{}'::jsonb,
  "ipAddress" inet,
  "occurredAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "auditEvents_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "providerCredentials" (
  "id" text NOT NULL,
  "orgId" text NOT NULL,
  "provider" text NOT NULL,
  "label" text NOT NULL,
  "ciphertext" bytea NOT NULL,
  "nonce" bytea NOT NULL,
  "wrappedDataKey" bytea NOT NULL,
  "encryptionKeyId" text NOT NULL,
  "secretHint" text NOT NULL,
  "createdByAccountId" text,
  "rotatedAt" timestamptz,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "providerCredentials_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sessions" (
  "id" text NOT NULL,
  "accountId" text,
  "projectId" text NOT NULL,
  "forkedFromSessionId" text,
  "title" text,
  "status" text NOT NULL DEFAULT 'active',
  "metadata" jsonb NOT NULL DEFAULT '{}'::jsonb,
  "lastMessageAt" timestamptz,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "messages" (
  "id" text NOT NULL,
  "sessionId" text NOT NULL,
  "sequence" bigint NOT NULL,
  "role" text NOT NULL,
  "authorAccountId" text,
  "content" jsonb NOT NULL,
  "tokenCount" integer,
  "redactedAt" timestamptz,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "attachments" (
  "id" text NOT NULL,
  "messageId" text NOT NULL,
  "storageKey" text NOT NULL,
  "fileName" text NOT NULL,
  "mediaType" text NOT NULL,
  "byteSize" bigint NOT NULL,
  "sha256" text NOT NULL,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "attachments_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "usageRecords" (
  "id" text NOT NULL,
  "orgId" text,
  "projectId" text,
  "sessionId" text,
  "accountId" text,
  "apiKeyId" text,
  "providerCredentialId" text,
  "provider" text NOT NULL,
  "model" text NOT NULL,
  "inputTokens" bigint NOT NULL DEFAULT 0,
  "outputTokens" bigint NOT NULL DEFAULT 0,
  "costUsd" numeric(12,4) NOT NULL,
  "occurredAt" timestamptz NOT NULL DEFAULT now(),
  "billedAt" timestamptz,
  CONSTRAINT "usageRecords_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "webhooks" (
  "id" text NOT NULL,
  "orgId" text NOT NULL,
  "projectId" text,
  "url" text NOT NULL,
  "eventTypes" jsonb NOT NULL DEFAULT '[]'::jsonb,
  "secretCiphertext" bytea NOT NULL,
  "secretNonce" bytea NOT NULL,
  "wrappedDataKey" bytea NOT NULL,
  "encryptionKeyId" text NOT NULL,
  "active" boolean NOT NULL DEFAULT true,
  "createdByAccountId" text,
  "disabledAt" timestamptz,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "webhookDeliveries" (
  "id" text NOT NULL,
  "webhookId" text NOT NULL,
  "eventType" text NOT NULL,
  "eventId" text NOT NULL,
  "payload" jsonb NOT NULL,
  "status" text NOT NULL DEFAULT 'pending',
  "attempt" integer NOT NULL DEFAULT 0,
  "responseStatus" integer,
  "nextAttemptAt" timestamptz,
  "deliveredAt" timestamptz,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "webhookDeliveries_pkey" PRIMARY KEY ("id")
);

ALTER TABLE "accounts" ADD COLUMN "lastSeenAt" timestamptz;
ALTER TABLE "accounts" ADD COLUMN "deletedAt" timestamptz;
ALTER TABLE "orgs" ADD COLUMN "deletedAt" timestamptz;
