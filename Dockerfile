# Hookyard's container image: the web server (`npm start`: migrations at start, then the web
# server; workers run in containers of their own, see deploy/compose.yaml) or a delivery worker
# (command `node --conditions=react-server --import tsx scripts/worker.ts`).
#
#   docker build -t hookyard .
#
# NODE_IMAGE is any Debian-based image with Node.js 20.9+ and npm (the official node:20 image by
# default); README "Operating Hookyard → Container" says how this file was verified.
ARG NODE_IMAGE=node:20-bookworm-slim

# ── dependencies ────────────────────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
# No dependency install scripts: npm before 11 ignores package.json's allowScripts, and none is
# needed here (the embedded PostgreSQL is not used in a container; Prisma's client is generated
# below, from its bundled wasm engine).
RUN npm ci --ignore-scripts --no-audit --no-fund

# ── build ───────────────────────────────────────────────────────────────────────────────────────
FROM deps AS build
COPY . .
RUN node scripts/prisma-generate.mjs \
 && npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf .next/cache

# ── runtime ─────────────────────────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: signals reach Hookyard (SIGTERM stops it gracefully) and orphans are reaped.
RUN if ! command -v tini >/dev/null; then apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*; fi \
 && useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin hookyard
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME_BIND=0.0.0.0 \
    HOOKYARD_WORKER_HOST=0.0.0.0 \
    HOOKYARD_DATA_DIR=/app/.data
COPY --from=build --chown=hookyard:hookyard /app /app
USER hookyard
EXPOSE 3000
# The web server's /api/health; a worker container sets HOOKYARD_HEALTH_URL to its health port.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
ENTRYPOINT ["tini", "--"]
CMD ["node", "--conditions=react-server", "--import", "tsx", "scripts/start.ts", "start"]
