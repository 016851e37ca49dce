-- Leases with fencing tokens and a write-ahead mark for the attempt in flight (lib/delivery/lease.ts).
ALTER TABLE "Delivery" ADD COLUMN "leaseToken" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "sendingSince" TIMESTAMP(3);

-- Hand-written (Prisma's schema cannot express a partial index): the deliveries a worker was
-- sending when it died are the ones with a mark and an expired lease; every worker looks for
-- them every few seconds. Only in-flight deliveries are in it, so it stays tiny.
CREATE INDEX "Delivery_sending_leaseUntil_idx" ON "Delivery"("leaseUntil") WHERE "sendingSince" IS NOT NULL;

-- The claim statement that took the lease: a claimer whose claim's answer was lost hands back
-- what that statement took, by this id.
ALTER TABLE "Delivery" ADD COLUMN "leaseHolder" TEXT;
