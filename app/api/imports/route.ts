import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { AppError } from "@/lib/errors";
import { createImport, listImports } from "@/lib/imports";

export const GET = withWorkspace("profiles:read", async ({ ctx }) => json({ imports: await listImports({ workspaceId: ctx.workspaceId }) }));

/** multipart/form-data: `file` (the CSV) and `mapping` (JSON: { kind, columns }). */
export const POST = withWorkspace("profiles:write", async ({ req, ctx }) => {
  const form = await req.formData().catch(() => {
    throw new AppError("invalid_input", "Send the CSV as multipart/form-data with a `file` and a `mapping` field.");
  });
  const file = form.get("file");
  if (!(file instanceof File)) throw new AppError("invalid_input", "file: choose a CSV file to import.");
  let mapping: unknown;
  try {
    mapping = JSON.parse(String(form.get("mapping") ?? ""));
  } catch {
    throw new AppError("invalid_input", "mapping: must be JSON like {\"kind\":\"profiles\",\"columns\":{…}}.");
  }
  const created = await createImport({ workspaceId: ctx.workspaceId, actor: ctx.actor, filename: file.name || "import.csv", content: Buffer.from(await file.arrayBuffer()), mapping });
  return json({ import: created }, { status: 202 });
});
