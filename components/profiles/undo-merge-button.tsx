"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";

export function UndoMergeButton({ mergeId, otherProfileId }: { mergeId: string; otherProfileId: string }) {
  const router = useRouter();
  const undo = useMutation({ mutationFn: () => api(`/api/profiles/merges/${mergeId}/revert`, { method: "POST" }), onSuccess: () => router.refresh() });
  return (
    <>
      <Button
        variant="secondary"
        className="ml-2 px-2 py-0.5 text-xs"
        busy={undo.isPending}
        onClick={() => {
          if (confirm(`Separate profile #${otherProfileId} again? Its identifiers and their events go back to it, and the two are not merged again automatically.`)) undo.mutate();
        }}
      >
        Undo merge
      </Button>
      {undo.isError && <span className="ml-2 text-xs text-red-700">{undo.error.message}</span>}
    </>
  );
}
