-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "traceparent" TEXT;
