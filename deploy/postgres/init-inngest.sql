-- Runs once, when the PostgreSQL volume is created: a database of its own for the optional
-- self-hosted Inngest server (compose profile `inngest`).
CREATE DATABASE inngest;
