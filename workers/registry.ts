import { activation } from "./activation";
import { analytics } from "./analytics";
import { databaseSources } from "./database-sources";
import { decisions } from "./decisions";
import { features } from "./features";
import { imports } from "./imports";
import { ingest } from "./ingest";
import { journeys } from "./journeys";
import { maintenance } from "./maintenance";
import { ml } from "./ml";
import { privacy } from "./privacy";
import { profileApi } from "./profile-api";
import { quality } from "./quality";
import { relay } from "./relay";
import { segments } from "./segments";
import { traits } from "./traits";
import type { WorkerRole } from "./role";
import { busKind } from "../lib/bus";

/** Every worker role, by name. New roles (ingest, segments, journeys, activation, ml) register here. */
export const ROLES: Record<string, WorkerRole> = { maintenance, imports, "database-sources": databaseSources, segments, traits, journeys, activation, analytics, privacy, quality, features, ml, decisions, "profile-api": profileApi, ingest, relay };

/** Roles that only the NATS bus has work for. */
const NATS_ROLES = ["ingest", "relay"];

/**
 * Roles `npm start` (all roles in one process) runs: the profile API's own server only when
 * PROFILE_API_PORT is set, the stream writer and outbox relay only with BUS=nats.
 */
export function defaultRoles(): string[] {
  const nats = busKind() === "nats";
  return Object.keys(ROLES).filter((r) => (r !== "profile-api" || !!process.env.PROFILE_API_PORT) && (nats || !NATS_ROLES.includes(r)));
}
