/**
 * `npm run bench -- <scenario|all> [--size tiny|small|medium|large] [--seed 42]`
 * Prints one JSON object per scenario and appends it to bench/results/<scenario>.jsonl.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "./args";
import { openBenchServer } from "./database";
import { genOptionsFromArgs } from "./generate";
import { machineInfo } from "./machine";
import type { Scenario } from "./scenario";
import { SCENARIOS } from "./scenarios";

export async function runScenario(scenario: Scenario, opts: { adminUrl: string; size: string; gen: ReturnType<typeof genOptionsFromArgs>["gen"]; quiet?: boolean }) {
  const started = Date.now();
  const figures = await scenario.run({
    adminUrl: opts.adminUrl,
    size: opts.size,
    gen: opts.gen,
    log: (m) => {
      if (!opts.quiet) process.stderr.write(`[${scenario.name}] ${m}\n`);
    },
  });
  return {
    scenario: scenario.name,
    at: new Date().toISOString(),
    size: opts.size,
    seed: opts.gen.seed,
    data: { profiles: opts.gen.profiles, events: opts.gen.events, days: opts.gen.days },
    target: scenario.target,
    figures,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    machine: await machineInfo(opts.adminUrl),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const which = args._[0];
  if (!which) throw new Error(`Name a scenario: ${SCENARIOS.map((s) => s.name).join(", ")}, or all`);
  const chosen = which === "all" ? SCENARIOS : SCENARIOS.filter((s) => s.name === which);
  if (chosen.length === 0) throw new Error(`Unknown scenario "${which}"; choose from ${SCENARIOS.map((s) => s.name).join(", ")}, or all`);
  const { size, gen } = genOptionsFromArgs(args);
  const server = await openBenchServer();
  const dir = path.resolve(__dirname, "results");
  mkdirSync(dir, { recursive: true });
  try {
    for (const scenario of chosen) {
      const result = await runScenario(scenario, { adminUrl: server.adminUrl, size, gen });
      const line = JSON.stringify(result);
      console.log(JSON.stringify(result, null, 2));
      appendFileSync(path.join(dir, `${scenario.name}.jsonl`), line + "\n");
    }
  } finally {
    await server.close();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`✗ ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
