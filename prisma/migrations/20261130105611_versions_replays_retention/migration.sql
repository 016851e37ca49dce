-- Versioned event types (EventTypeVersion, Message.version, Endpoint.pinnedVersions), bulk
-- replays (Replay, ReplayDelivery) and per-tenant retention (Tenant.retentionDays).
-- CreateEnum
CREATE TYPE "ReplayStatus" AS ENUM ('running', 'completed', 'canceled');

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "retentionDays" INTEGER;

-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN     "pinnedVersions" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "EventTypeVersion" (
    "eventTypeId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "schema" JSONB,
    "examplePayload" JSONB,
    "breaking" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventTypeVersion_pkey" PRIMARY KEY ("eventTypeId","version")
);

-- Every existing event type becomes version 1 of itself, with its schema and example.
INSERT INTO "EventTypeVersion" ("eventTypeId", "version", "schema", "examplePayload", "createdAt", "updatedAt")
SELECT "id", 1, "schema", "examplePayload", "createdAt", "updatedAt" FROM "EventType";

ALTER TABLE "EventType" DROP COLUMN "examplePayload",
DROP COLUMN "schema";

-- CreateTable
CREATE TABLE "Replay" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "filter" JSONB NOT NULL,
    "ratePerSecond" DOUBLE PRECISION NOT NULL,
    "total" INTEGER NOT NULL,
    "redeliveries" INTEGER NOT NULL,
    "missing" INTEGER NOT NULL,
    "status" "ReplayStatus" NOT NULL DEFAULT 'running',
    "idempotencyKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Replay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReplayDelivery" (
    "replayId" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "previousStatus" "DeliveryStatus",

    CONSTRAINT "ReplayDelivery_pkey" PRIMARY KEY ("replayId","deliveryId")
);

-- CreateIndex
CREATE INDEX "Replay_endpointId_id_idx" ON "Replay"("endpointId", "id");

-- CreateIndex
CREATE INDEX "Replay_tenantId_id_idx" ON "Replay"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Replay_endpointId_idempotencyKey_key" ON "Replay"("endpointId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "ReplayDelivery_deliveryId_idx" ON "ReplayDelivery"("deliveryId");

-- AddForeignKey
ALTER TABLE "EventTypeVersion" ADD CONSTRAINT "EventTypeVersion_eventTypeId_fkey" FOREIGN KEY ("eventTypeId") REFERENCES "EventType"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Replay" ADD CONSTRAINT "Replay_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Replay" ADD CONSTRAINT "Replay_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReplayDelivery" ADD CONSTRAINT "ReplayDelivery_replayId_fkey" FOREIGN KEY ("replayId") REFERENCES "Replay"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReplayDelivery" ADD CONSTRAINT "ReplayDelivery_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
