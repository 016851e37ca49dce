-- The payload as published, byte for byte (jsonb keeps neither key order nor number formatting).
ALTER TABLE "Message" ADD COLUMN "payloadText" TEXT;
