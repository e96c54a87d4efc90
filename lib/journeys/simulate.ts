import { z } from "zod";
import { pool } from "../db/pool";
import { AppError } from "../errors";
import { compileDefinition } from "../segments/compile";
import { CONFIG_SCHEMAS, graphSchema, settingsSchema, type BranchConfig, type EmailConfig, type GraphNode, type SplitConfig, type SyncConfig, type TriggerConfig, type UpdateTraitConfig, type WaitConfig, type WebhookConfig } from "./schema";
import { renderTemplate } from "./template";
import { quietUntil, splitPath, waitEndsAt, zoneOr } from "./timing";
import { consentGranted, findJourneyProfile } from "./profile";
import { validateGraph } from "./validate";
import { nextNode, runnable } from "./version";

export const simulateSchema = z.object({
  graph: graphSchema,
  settings: settingsSchema,
  journeyId: z.string().max(64).default("draft"),
  profile: z.string().trim().min(1, "Enter a profile id, user id or email").max(320),
  at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), "Use a date and time").optional(),
});
export type SimulateInput = z.infer<typeof simulateSchema>;

export type SimulatedStep = { nodeId: string; kind: string; outcome: "pass" | "fail" | "info"; detail: string; at: string };
export type Simulation = { profileId: string; profileLabel: string; steps: SimulatedStep[]; start: string };

async function holds(workspaceId: string, profileId: string, condition: BranchConfig["condition"], at: Date): Promise<boolean> {
  const c = compileDefinition(condition, { workspaceId, now: at, candidates: [Number(profileId)] });
  const sql = `${c.params.anchor()} SELECT 1 FROM profiles p WHERE p.workspace_id = ${c.params.shared("ws", workspaceId, "::text")} AND p.id = ANY(${c.params.shared("cands", [Number(profileId)], "::bigint[]")}) AND (${c.predicate})`;
  return (await pool().query(sql, c.params.values)).rows.length > 0;
}

/**
 * A test run: where one profile would go through a journey (draft or published) if it entered at
 * a given moment, with each condition met or not and when each step would fire. Reads only:
 * nothing is sent, nothing is written. Event waits take their timeout path (the future is unknown).
 */
export async function simulateJourney(opts: { workspaceId: string; input: SimulateInput }): Promise<Simulation> {
  const { input, workspaceId } = opts;
  const issues = validateGraph(input.graph);
  if (issues.length) throw new AppError("invalid_input", `Fix the journey first: ${issues[0]!.message}`, { issues });
  const profile = await findJourneyProfile(workspaceId, input.profile);
  const graph = { ...input.graph, nodes: input.graph.nodes.map((n) => ({ ...n, config: CONFIG_SCHEMAS[n.type].parse(n.config) as Record<string, unknown> })) };
  const v = runnable(input.journeyId, workspaceId, "Test run", 0, graph, input.settings);
  const tz = zoneOr(profile.tz, "UTC");
  const start = input.at ? new Date(input.at) : new Date();
  let t = start;
  const steps: SimulatedStep[] = [];
  const add = (node: GraphNode, kind: string, outcome: SimulatedStep["outcome"], detail: string) => steps.push({ nodeId: node.id, kind, outcome, detail, at: t.toISOString() });
  let node: GraphNode | undefined = v.trigger;
  const seen = new Map<string, number>();
  const follow = (handle: string) => {
    const id = nextNode(v, node!.id, handle);
    node = id ? v.nodes.get(id) : undefined;
  };
  while (node) {
    const visits = (seen.get(node.id) ?? 0) + 1;
    seen.set(node.id, visits);
    if (visits > 3 || steps.length > 60) {
      add(node, "stop", "info", "The test run stops here: the path loops");
      break;
    }
    const c = node.config;
    switch (node.type) {
      case "trigger": {
        const cfg = c as TriggerConfig;
        if (cfg.kind === "event") add(node, "trigger", "info", `Enters when they perform ${cfg.event || "the event"}`);
        else {
          const { rows } = await pool().query("SELECT 1 FROM segment_members WHERE segment_id = $1 AND profile_id = $2", [cfg.segmentId, profile.id]);
          add(node, "trigger", "info", `Enters when they ${cfg.kind === "segment_enter" ? "enter" : "leave"} the segment (they are ${rows.length ? "in it" : "not in it"} now)`);
        }
        follow("next");
        break;
      }
      case "wait": {
        const cfg = c as WaitConfig;
        const until = waitEndsAt(cfg, t, tz);
        if (cfg.mode === "event") {
          add(node, "wait", "info", `Waits for ${cfg.event} until ${until.toISOString()}; the test run follows “Timed out” (it cannot know the future)`);
          t = until;
          follow("timeout");
        } else {
          add(node, "wait", "info", `Waits until ${until.toISOString()}`);
          t = until;
          follow("next");
        }
        break;
      }
      case "branch": {
        const yes = await holds(workspaceId, profile.id, (c as BranchConfig).condition, t);
        add(node, "branch", yes ? "pass" : "fail", yes ? "Condition met: goes down “Yes”" : "Condition not met: goes down “No”");
        follow(yes ? "yes" : "no");
        break;
      }
      case "split": {
        const cfg = c as SplitConfig;
        const i = splitPath(cfg, `${input.journeyId}:${profile.id}:${node.id}`);
        if (i === null) {
          add(node, "split", "info", "Lands in the holdout: gets nothing more");
          node = undefined;
        } else {
          add(node, "split", "info", `Lands on path ${cfg.variants[i]!.name}`);
          follow(`v${i}`);
        }
        break;
      }
      case "email": {
        const cfg = c as EmailConfig;
        const purpose = cfg.purpose || "marketing_email";
        const granted = consentGranted(profile.consent, purpose);
        const quiet = quietUntil(t, v.settings.quietHours, tz);
        if (!granted) add(node, "email", "fail", `Would be skipped: no consent for ${purpose}`);
        else if (!profile.email) add(node, "email", "fail", "Would be skipped: no email address");
        else {
          if (quiet) {
            add(node, "email", "info", `Quiet hours: held until ${quiet.toISOString()}`);
            t = quiet;
          }
          const subject = await renderTemplate(cfg.subject, { profile: { ...profile.traits, id: profile.id, email: profile.email }, event: {}, journey: { name: "Test run" } }).catch((e: Error) => e.message);
          add(node, "email", "pass", `Would send “${subject}” to ${profile.email}`);
        }
        follow("next");
        break;
      }
      case "webhook":
        add(node, "webhook", "pass", `Would POST the profile to ${(c as WebhookConfig).url}`);
        follow("next");
        break;
      case "update_trait": {
        const cfg = c as UpdateTraitConfig;
        add(node, "update_trait", "pass", `Would set ${cfg.trait}${cfg.valueType === "now" ? " to the time it happens" : ` to “${cfg.value}”`}`);
        follow("next");
        break;
      }
      case "decide":
        add(node, "decide", "info", `Would ask the decision engine for the next best offer (placement ${(c as { placement?: string }).placement ?? "journey"}); later steps can use {{ offer.payload.title }}`);
        follow("next");
        break;
      case "sync":
        add(node, "sync", "pass", `Would ${(c as SyncConfig).action === "remove" ? "remove the profile from" : "add the profile to"} the sync's audience`);
        follow("next");
        break;
      case "exit":
        add(node, "exit", "info", "Leaves the journey (completed)");
        node = undefined;
        break;
      default:
        node = undefined;
    }
  }
  const last = steps.at(-1);
  if (last && last.kind !== "exit" && last.kind !== "stop" && !last.detail.includes("holdout")) steps.push({ nodeId: last.nodeId, kind: "end", outcome: "info", detail: "End of the path: leaves the journey (completed)", at: t.toISOString() });
  return { profileId: profile.id, profileLabel: profile.email ?? `Profile ${profile.id}`, steps, start: start.toISOString() };
}
