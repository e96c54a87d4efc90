import { notFound } from "next/navigation";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { ModelView } from "@/components/models/model-view";
import { PageHeader } from "@/components/ui/page-header";
import { AppError } from "@/lib/errors";
import { getModel, listJobs, listVersions } from "@/lib/ml";

export const metadata = { title: "Model" };

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "models:read");
  const { id } = await params;
  const opts = { workspaceId: ctx.workspace.workspaceId, modelId: id };
  const model = await getModel(opts).catch((e) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  const [versions, jobs] = await Promise.all([listVersions(opts), listJobs(opts)]);
  return (
    <>
      <PageHeader title={model.name} description={model.description || undefined} />
      <ModelView initial={{ model, versions, jobs }} canWrite={pageCan(ctx, "models:write")} />
    </>
  );
}
