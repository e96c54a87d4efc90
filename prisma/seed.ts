// Seeds the demo workspace (idempotent). `npm start` runs this itself; run it by hand with
// `DATABASE_URL=... DEMO_OWNER_PASSWORD=... npx tsx prisma/seed.ts`.
import { disconnectDb } from "../lib/db";
import { seedDemoWorkspace } from "../lib/demo/seed";

async function main() {
  const password = process.env.DEMO_OWNER_PASSWORD;
  if (!password || password.length < 10) throw new Error("DEMO_OWNER_PASSWORD is missing: expected at least 10 characters");
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is missing: expected the PostgreSQL URL to seed");
  const result = await seedDemoWorkspace({ password, connectionString });
  console.log(result.created ? `Seeded the demo workspace; owner ${result.email}` : `Demo workspace already there; owner ${result.email}`);
  await disconnectDb();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
