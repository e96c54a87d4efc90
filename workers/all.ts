// Every worker role in one process: what `npm start` runs for the default install.
import { runWorkers } from "./run";

runWorkers([]).catch((e) => {
  console.error(`[workers] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
