// The container's HEALTHCHECK: GET HOOKYARD_HEALTH_URL (a worker's health port), or the web
// server's /api/health; healthy on a 2xx within 4 s. Plain JavaScript: it runs on every check.
const url = process.env.HOOKYARD_HEALTH_URL || `http://127.0.0.1:${process.env.PORT || 3000}/api/health`;
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(4_000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
