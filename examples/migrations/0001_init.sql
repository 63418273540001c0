-- Example migrations that implement docs/architecture/storage exactly:
-- `speclint diff . --migrations 'examples/migrations/*.sql'` finds no drift.

CREATE TABLE "accounts" (
  "id" text NOT NULL,
  "email" text NOT NULL,
  "displayName" text NOT NULL,
  "authSubject" text NOT NULL,
  "status" text NOT NULL DEFAULT 'active',
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "plans" (
  "id" text NOT NULL,
  "name" text NOT NULL,
  "monthlyTokenQuota" bigint,
  "seatLimit" integer,
  "retiredAt" timestamptz,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "plans_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "orgs" (
  "id" text NOT NULL,
  "slug" text NOT NULL,
  "name" text NOT NULL,
  "planId" text NOT NULL DEFAULT 'free',
  "createdByAccountId" text,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "orgs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "orgMembers" (
  "id" text NOT NULL,
  "orgId" text NOT NULL,
  "accountId" text NOT NULL,
  "role" text NOT NULL DEFAULT 'member',
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "orgMembers_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "invitations" (
  "id" text NOT NULL,
  "orgId" text NOT NULL,
  "email" text NOT NULL,
  "role" text NOT NULL DEFAULT 'member',
  "tokenHash" text NOT NULL,
  "invitedByAccountId" text,
  "expiresAt" timestamptz NOT NULL,
  "acceptedAt" timestamptz,
  "revokedAt" timestamptz,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "invitations_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "projects" (
  "id" text NOT NULL,
  "orgId" text NOT NULL,
  "slug" text NOT NULL,
  "name" text NOT NULL,
  "description" text,
  "createdByAccountId" text,
  "archivedAt" timestamptz,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "apiKeys" (
  "id" text NOT NULL,
  "orgId" text NOT NULL,
  "projectId" text,
  "name" text NOT NULL,
  "keyPrefix" text NOT NULL,
  "keyHash" text NOT NULL,
  "scopes" jsonb NOT NULL DEFAULT '[]'::jsonb,
  "createdByAccountId" text,
  "lastUsedAt" timestamptz,
  "expiresAt" timestamptz,
  "revokedAt" timestamptz,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "apiKeys_pkey" PRIMARY KEY ("id")
);
