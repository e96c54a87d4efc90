import type { Actor } from "../../audit";
import { createStarterFeatures } from "../features/store";
import { STARTER_FEATURES } from "../features/schema";
import { createModel } from "./store";

/** The demo workspace's models: churn risk and purchase propensity, on the starter features; trained by the ml worker. */
export async function createStarterModels(opts: { workspaceId: string; actor: Actor }): Promise<void> {
  await createStarterFeatures(opts);
  const features = STARTER_FEATURES.map((f) => f.name);
  await createModel({
    ...opts,
    input: { name: "Churn risk", description: "Active customers (an event in the last 30 days) who will do nothing in the next 30.", target: { kind: "churn", activityEvent: "*", activeDays: 30, horizonDays: 30 }, features, traits: ["plan", "country"], scoreTrait: "churn_risk" },
  });
  await createModel({
    ...opts,
    input: { name: "Purchase in 14 days", description: "Who will complete an order in the next two weeks.", target: { kind: "propensity", event: "Order Completed", filters: [], horizonDays: 14 }, features, traits: ["plan", "country"], scoreTrait: "purchase_propensity" },
  });
}
