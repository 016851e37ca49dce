-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "role" "MembershipRole";

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "blockedUntil" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastFailureAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "SignInThrottle_lastFailureAt_idx" ON "SignInThrottle"("lastFailureAt");

-- Keys made before key roles: tenant keys keep everything but member management (issue 9).
UPDATE "ApiKey" SET "role" = 'member' WHERE "scope" = 'tenant';

-- Session tokens are stored as their SHA-256 from now on (lib/auth/session-tokens.ts): hash the
-- existing ones in place, so signed-in users stay signed in.
UPDATE "Session" SET "sessionToken" = encode(sha256(convert_to("sessionToken", 'UTF8')), 'hex');
