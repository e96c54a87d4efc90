import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { eventNames, eventProperties, listSegments, traitFields } from "@/lib/segments";

/** What the builder suggests: event names, traits with types and common values, consent purposes, segments; ?event=… for an event's properties. */
export const GET = withWorkspace("segments:read", async ({ req, ctx }) => {
  const event = new URL(req.url).searchParams.get("event");
  if (event) return json({ properties: await eventProperties({ workspaceId: ctx.workspaceId, event }) });
  const [events, traits, segments] = await Promise.all([eventNames({ workspaceId: ctx.workspaceId }), traitFields({ workspaceId: ctx.workspaceId }), listSegments({ workspaceId: ctx.workspaceId })]);
  return json({ events, traits: traits.traits, purposes: traits.purposes, segments: segments.map((s) => ({ id: s.id, name: s.name })) });
});
