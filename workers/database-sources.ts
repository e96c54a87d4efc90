import { DATABASE_SOURCES_CHANNEL, runNextDueDatabaseSource } from "../lib/sources";
import { loopRole } from "./loop";

/** Database sources: each runs when its schedule is due (or when someone presses Run now). */
export const databaseSources = loopRole({
  name: "database-sources",
  channels: [DATABASE_SOURCES_CHANNEL],
  pass: () => runNextDueDatabaseSource(),
  idleMs: () => 30_000,
});
