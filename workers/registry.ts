import { activation } from "./activation";
import { analytics } from "./analytics";
import { imports } from "./imports";
import { journeys } from "./journeys";
import { maintenance } from "./maintenance";
import { segments } from "./segments";
import type { WorkerRole } from "./role";

/** Every worker role, by name. New roles (ingest, segments, journeys, activation, ml) register here. */
export const ROLES: Record<string, WorkerRole> = { maintenance, imports, segments, journeys, activation, analytics };
