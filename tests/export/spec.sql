-- PostgreSQL DDL exported by speclint from the spec: tables in dependency order, then
-- unique constraints, indexes and checks, then one ALTER TABLE per foreign key.

CREATE SCHEMA IF NOT EXISTS "auth";

-- docs/accounts.md:3:1
CREATE TABLE "accounts" (
  "id" text NOT NULL,
  "email" text NOT NULL,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- docs/accounts.md:11:1
CREATE TABLE "sessions" (
  "id" text NOT NULL,
  "accountId" text NOT NULL,
  "status" text NOT NULL DEFAULT 'active',
  CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- docs/orgs.md:4:14
CREATE TABLE "auth"."orgs" (
  "id" text,
  "slug" text NOT NULL,
  "ownerId" text,
  CONSTRAINT "orgs_pkey" PRIMARY KEY ("id")
);

-- docs/orgs.md:10:14
CREATE TABLE "orgMembers" (
  "orgId" text,
  "accountId" text,
  "role" text NOT NULL DEFAULT 'member',
  CONSTRAINT "orgMembers_pkey" PRIMARY KEY ("orgId", "accountId")
);

ALTER TABLE "accounts" ADD CONSTRAINT "accounts_email_key" UNIQUE ("email");

CREATE INDEX "sessions_accountId_idx" ON "sessions" ("accountId") WHERE "accountId" IS NOT NULL;

CREATE UNIQUE INDEX "orgs_slug_key" ON "auth"."orgs" ((lower(slug)));

ALTER TABLE "orgMembers" ADD CONSTRAINT "orgMembers_role_check" CHECK (role IS NOT NULL);

ALTER TABLE "sessions" ADD CONSTRAINT "sessions_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts" ("id") ON DELETE SET NULL;

ALTER TABLE "auth"."orgs" ADD CONSTRAINT "orgs_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "accounts" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "orgMembers" ADD CONSTRAINT "orgMembers_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "auth"."orgs" ("id") ON DELETE CASCADE;

ALTER TABLE "orgMembers" ADD CONSTRAINT "orgMembers_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts" ("id") ON DELETE CASCADE DEFERRABLE;
