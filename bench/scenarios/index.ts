import type { Scenario } from "../scenario";
import { activationScenario } from "./activation";
import { analyticsScenario } from "./analytics";
import { dbBaselineScenario } from "./db-baseline";
import { decisionsScenario } from "./decisions";
import { generateScenario } from "./generate";
import { ingestScenario } from "./ingest";
import { journeysScenario } from "./journeys";
import { privacyScenario } from "./privacy";
import { profileApiScenario } from "./profile-api";
import { scaleScenario } from "./scale";
import { segmentsScenario } from "./segments";

/** Every benchmark scenario; later issues add theirs (ingest, segments, analytics, …). */
export const SCENARIOS: Scenario[] = [generateScenario, dbBaselineScenario, ingestScenario, segmentsScenario, activationScenario, analyticsScenario, journeysScenario, profileApiScenario, privacyScenario, decisionsScenario, scaleScenario];
