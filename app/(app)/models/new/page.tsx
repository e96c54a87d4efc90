import { getPageContext, requirePagePermission } from "@/app/_server/page-context";
import { NewModelForm } from "@/components/models/new-model-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "New model" };

export default async function NewModelPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "models:write");
  return (
    <>
      <PageHeader title="New model" description="Say what to predict and what to learn from. The first training starts when you save; it learns from past moments and is tested on more recent ones it never saw." />
      <NewModelForm />
    </>
  );
}
