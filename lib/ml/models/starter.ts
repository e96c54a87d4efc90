import type { Actor } from "../../audit";
import { createStarterFeatures } from "../features/store";
import { STARTER_FEATURES } from "../features/schema";
import { createOffer } from "../decide/offers";
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

/** The demo workspace's offers for next-best-action: shipping, a discount for buyers, the newsletter for those who agreed to email. */
export async function createStarterOffers(opts: { workspaceId: string; actor: Actor }): Promise<void> {
  const conversion = { event: "Order Completed", windowDays: 7 };
  await createOffer({ ...opts, input: { key: "free-shipping", name: "Free shipping over €50", payload: { title: "Free shipping on orders over €50", url: "/shipping" }, priority: 5, conversion } });
  await createOffer({ ...opts, input: { key: "ten-off", name: "10% off the next order", payload: { title: "10% off your next order", code: "NEXT10" }, priority: 5, caps: { perProfile: { max: 3, days: 7 }, total: null }, conversion } });
  await createOffer({ ...opts, input: { key: "newsletter", name: "Join the newsletter", payload: { title: "New arrivals every Friday" }, priority: 5, eligibility: { segments: [], excludeSegments: [], traits: [], consent: "marketing_email" }, conversion: { event: "Email Link Clicked", windowDays: 14 } } });
}
