-- Ordered delivery (opt-in per endpoint): one message in flight at a time, in publish order.
ALTER TABLE "Endpoint" ADD COLUMN "ordered" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Delivery" ADD COLUMN "ordered" BOOLEAN NOT NULL DEFAULT false;

-- Hand-written (a partial index): an ordered delivery may go only when no earlier one of its
-- endpoint is pending. Only pending ordered deliveries are in it: tiny, and every probe is one
-- index lookup however long the endpoint's history.
CREATE INDEX "Delivery_ordered_pending_endpointId_id_idx" ON "Delivery"("endpointId", "id") WHERE "status" = 'pending' AND "ordered";
