-- Nothing looks an attempt up by its id: a delivery's attempts are read by (deliveryId, number)
-- (the delivery page, the cascade when a delivery goes), and that pair is already unique. So it
-- becomes the primary key, and the index on id — 148 MB at 2M attempts, and one more index entry
-- written per attempt recorded — goes. The id stays, as the attempt's public name.
--
-- Prisma's diff builds a new index for the key; the existing unique one is reused instead (same
-- end state: the index is renamed Attempt_pkey).

-- AlterTable
ALTER TABLE "Attempt" DROP CONSTRAINT "Attempt_pkey";
ALTER TABLE "Attempt" ADD CONSTRAINT "Attempt_pkey" PRIMARY KEY USING INDEX "Attempt_deliveryId_number_key";
