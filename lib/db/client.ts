import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

const globalForDb = globalThis as unknown as { northstarPrisma?: PrismaClient };

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is missing: start the app with `npm start`, or set it to a PostgreSQL URL");
  return url;
}

/** The shared Prisma client (pg driver adapter, no Rust engine). */
export function db(): PrismaClient {
  globalForDb.northstarPrisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl(), max: 10 }),
  });
  return globalForDb.northstarPrisma;
}

export async function disconnectDb(): Promise<void> {
  await globalForDb.northstarPrisma?.$disconnect();
  globalForDb.northstarPrisma = undefined;
}
