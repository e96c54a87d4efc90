import type { GenOptions } from "../lib/demo";

export type ScenarioContext = { adminUrl: string; size: string; gen: GenOptions; log: (msg: string) => void };

/** A benchmark: what it measures, its target, and a run that returns its figures. */
export type Scenario = {
  name: string;
  description: string;
  target: string;
  run: (ctx: ScenarioContext) => Promise<Record<string, unknown>>;
};
