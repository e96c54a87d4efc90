import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { definitionSchema, explainProfile } from "@/lib/segments";

const explainSchema = z.object({ definition: definitionSchema, profileId: z.string().regex(/^\d+$/, "Choose a profile") });

/** Why a profile matches a definition being edited, or not: condition by condition. */
export const POST = withWorkspace("segments:read", async ({ req, ctx }) => {
  const input = parseInput(explainSchema, await readJson(req));
  return json({ explanation: await personalData(ctx, await explainProfile({ workspaceId: ctx.workspaceId, ...input }), { what: "segment explanation" }) });
});
