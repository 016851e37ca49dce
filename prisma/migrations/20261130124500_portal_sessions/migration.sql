-- Portal sessions (issue 11): a tenant's dashboard opened from a single-use link, without an account.
-- CreateTable
CREATE TABLE "PortalSession" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "role" "MembershipRole" NOT NULL,
    "features" JSONB NOT NULL,
    "theme" JSONB NOT NULL,
    "returnUrl" TEXT,
    "linkTokenHash" TEXT NOT NULL,
    "linkExpiresAt" TIMESTAMP(3) NOT NULL,
    "redeemedAt" TIMESTAMP(3),
    "sessionTokenHash" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PortalSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PortalSession_linkTokenHash_key" ON "PortalSession"("linkTokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "PortalSession_sessionTokenHash_key" ON "PortalSession"("sessionTokenHash");

-- CreateIndex
CREATE INDEX "PortalSession_tenantId_idx" ON "PortalSession"("tenantId");

-- CreateIndex
CREATE INDEX "PortalSession_expiresAt_idx" ON "PortalSession"("expiresAt");

-- AddForeignKey
ALTER TABLE "PortalSession" ADD CONSTRAINT "PortalSession_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
