-- AlterTable
ALTER TABLE "Endpoint" DROP COLUMN "lastAttemptAt";

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "oneShot" BOOLEAN NOT NULL DEFAULT false;
