import { BrainCircuit } from "lucide-react";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { FeaturesPanel } from "@/components/models/features-panel";
import { ModelList } from "@/components/models/model-list";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { listFeatures, listModels } from "@/lib/ml";

export const metadata = { title: "Models" };

export default async function ModelsPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "models:read");
  const ws = ctx.workspace.workspaceId;
  const [models, features] = await Promise.all([listModels({ workspaceId: ws }), listFeatures({ workspaceId: ws })]);
  const canWrite = pageCan(ctx, "models:write");
  return (
    <>
      <PageHeader
        title="Models"
        description="Who will buy, who will leave: models trained here on your own data, retrained on a schedule and when the data drifts. Scores are written to profiles as traits you can segment on."
        actions={
          <div className="flex gap-2">
            <LinkButton href="/models/offers" variant="secondary">Next best action</LinkButton>
            {canWrite && models.length > 0 && <LinkButton href="/models/new">New model</LinkButton>}
          </div>
        }
      />
      <div className="space-y-6">
        {models.length === 0 ? (
          <EmptyState icon={BrainCircuit} title="No models yet" action={canWrite ? <LinkButton href="/models/new">Create a model</LinkButton> : undefined}>
            Pick what to predict (churn, a purchase within 30 days, or a label column from a CSV import), choose the features to learn from, and train it. Metrics, lift and calibration show how good it is before you use its scores.
          </EmptyState>
        ) : (
          <Card title="Models">
            <ModelList initial={models} />
          </Card>
        )}
        <Card title="Features" description="Per-profile values computed from events (counts, sums, recency, active days) and traits, kept fresh as events arrive and computed as they were at any past moment for training.">
          <FeaturesPanel initial={features} canWrite={canWrite} />
        </Card>
      </div>
    </>
  );
}
