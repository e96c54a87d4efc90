import { ensureDatabase, migrate, withDatabase } from "./db";
async function main() {
  const server = "postgresql://postgres@127.0.0.1:5432/test";
  const name = process.argv[2]!;
  await ensureDatabase(server, name, { fresh: true });
  const url = withDatabase(server, name);
  await migrate(url);
  console.log(url);
}
void main();
