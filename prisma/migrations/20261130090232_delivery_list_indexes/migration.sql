-- The deliveries list walks an index in id order (newest first) and stops after a page. With a
-- filter no index leads with, or several filters that rarely match together, the walk reads every
-- row it passes to test it: an event type with no deliveries scanned the whole table, and an
-- endpoint with a type it does not subscribe to walked the primary key through 1M rows (EXPLAINs
-- in bench/README.md). The columns after `id` are the other filters, tested inside the index, so
-- only matching rows are read:
--   tenantId, eventType, id, status   ?eventType=, with or without ?status=
--   endpointId, id, status, eventType ?endpointId=, with ?status= and/or ?eventType=
-- (?status= alone keeps tenantId, status, id.) The endpoint index replaces endpointId, id.

-- CreateIndex
CREATE INDEX "Delivery_tenantId_eventType_id_status_idx" ON "Delivery"("tenantId", "eventType", "id", "status");

-- CreateIndex
CREATE INDEX "Delivery_endpointId_id_status_eventType_idx" ON "Delivery"("endpointId", "id", "status", "eventType");

-- DropIndex
DROP INDEX "Delivery_endpointId_id_idx";
