import { Activity, BrainCircuit, House, Layers, LayoutDashboard, Radio, Route, Send, Settings, ShieldCheck, Users, type LucideIcon } from "lucide-react";
import type { Permission } from "@/lib/auth/permissions";

export type Area = {
  key: string;
  href: string;
  label: string;
  icon: LucideIcon;
  permission: Permission | null;
  title: string;
  description: string;
  next: string[];
};

/** The product's areas, in sidebar order, with what each does for the empty state. */
export const AREAS: Area[] = [
  { key: "home", href: "/", label: "Home", icon: House, permission: null, title: "Home", description: "", next: [] },
  {
    key: "sources",
    href: "/sources",
    label: "Sources",
    icon: Radio,
    permission: "sources:read",
    title: "Bring your customer data in",
    description: "Connect your website, apps, CRM, billing and email tools. Sources speak the Segment API, so the official SDKs work unchanged: set the host and a write key.",
    next: ["Create a source and copy its write key", "Send events from analytics.js or a server SDK", "Import customers from a CSV file"],
  },
  {
    key: "profiles",
    href: "/profiles",
    label: "Profiles",
    icon: Users,
    permission: "profiles:read",
    title: "One profile per customer",
    description: "Anonymous visits and known identities merge into one profile with traits, a timeline of everything the person did, their segments and their consent.",
    next: ["Search for a customer by email or id", "Open a timeline of their events", "See which segments and journeys they are in"],
  },
  {
    key: "segments",
    href: "/segments",
    label: "Segments",
    icon: Layers,
    permission: "segments:read",
    title: "Audiences that update the moment customers act",
    description: "Build segments from traits, events, sequences and consent with live counts. Membership changes as events arrive and as time passes: a cart abandoned now puts the customer in the segment now.",
    next: ["Describe an audience in plain conditions", "Watch its size as you type", "Use it in journeys, syncs and dashboards"],
  },
  {
    key: "journeys",
    href: "/journeys",
    label: "Journeys",
    icon: Route,
    permission: "journeys:read",
    title: "Decide what each customer gets next",
    description: "Design triggers, waits, branches, splits and sends on a canvas. Each customer goes through exactly once, and you see who is where and why.",
    next: ["Start from a segment or an event", "Add waits, branches and A/B splits", "Send emails and webhooks with frequency caps"],
  },
  {
    key: "destinations",
    href: "/destinations",
    label: "Destinations",
    icon: Send,
    permission: "destinations:read",
    title: "Send segments to the tools that act on them",
    description: "Sync audiences to email, ad platforms, webhooks and databases, with diffs, retries and a history of every run.",
    next: ["Connect Meta, Google Ads, Mailchimp, Braze or a webhook", "Choose a segment and a schedule", "Follow each sync's adds, removes and errors"],
  },
  {
    key: "dashboards",
    href: "/dashboards",
    label: "Dashboards",
    icon: LayoutDashboard,
    permission: "dashboards:read",
    title: "Answers in seconds, no data engineer needed",
    description: "Trends, funnels, retention and segment sizes on your own events, arranged into dashboards your team shares.",
    next: ["Chart any event over time", "Find where customers drop off in a funnel", "See which cohorts come back"],
  },
  {
    key: "models",
    href: "/models",
    label: "Models",
    icon: BrainCircuit,
    permission: "models:read",
    title: "Predict who will buy, who will leave, and what to offer",
    description: "Propensity and churn models trained on your data and retrained automatically; scores become traits you can segment on, and next-best-action decisions are served in milliseconds.",
    next: ["Pick a target event and a horizon", "Review accuracy, calibration and lift", "Use scores in segments and journeys"],
  },
  {
    key: "privacy",
    href: "/privacy",
    label: "Privacy",
    icon: ShieldCheck,
    permission: "privacy:read",
    title: "Consent, access and erasure, handled",
    description: "Consent per purpose gates every send and sync. Export or erase everything held on a person within minutes, and keep data only as long as your policy says.",
    next: ["Review consent coverage per segment", "Handle access and erasure requests", "Set retention per event"],
  },
  {
    key: "data-quality",
    href: "/data-quality",
    label: "Data quality",
    icon: Activity,
    permission: "sources:read",
    title: "Stop bad data before it reaches a customer",
    description: "Tracking plans validate events at the door; violations are quarantined for replay; anomaly detection holds a sync before a broken tag empties an audience.",
    next: ["Write or generate a tracking plan", "Review quarantined events", "Get alerted when volumes look wrong"],
  },
  { key: "settings", href: "/settings", label: "Settings", icon: Settings, permission: "members:read", title: "Settings", description: "", next: [] },
];

export function areaByKey(key: string): Area {
  const area = AREAS.find((a) => a.key === key);
  if (!area) throw new Error(`Unknown area ${key}`);
  return area;
}
