import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { CreateWorkspaceForm } from "@/components/workspaces/create-workspace-form";

export const metadata = { title: "New workspace" };

export default function NewWorkspacePage() {
  return (
    <>
      <PageHeader title="New workspace" description="Workspaces keep data, members and settings apart: for another brand, region or a test environment." />
      <Card>
        <div className="max-w-md">
          <CreateWorkspaceForm />
        </div>
      </Card>
    </>
  );
}
