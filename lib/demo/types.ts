import type { ConsentPurpose } from "./catalog";

/** One generated message, in the shape of the Segment spec (times as epoch milliseconds). */
export type GenMessage = {
  type: "track" | "identify" | "page";
  messageId: string;
  ts: number;
  anonymousId: string | null;
  userId: string | null;
  event?: string;
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context?: Record<string, unknown>;
};

export type GenConsent = Record<ConsentPurpose, { granted: boolean; at: string; source: string }>;

/** One person with everything they did, in time order. */
export type GenProfile = {
  index: number;
  userId: string | null;
  anonymousIds: string[];
  email: string | null;
  traits: Record<string, unknown>;
  consent: GenConsent;
  firstSeen: number;
  lastSeen: number;
  messages: GenMessage[];
};

export type GenOptions = {
  seed: number;
  profiles: number;
  events: number;
  /** The end of the generated period (epoch ms); data covers `days` before it. */
  endMs: number;
  days: number;
};
