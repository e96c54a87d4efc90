"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";

export function DeleteSegmentButton({ segmentId, name }: { segmentId: string; name: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <span className="inline-flex flex-col items-end">
      <Button
        variant="danger"
        busy={busy}
        onClick={async () => {
          if (!window.confirm(`Delete the segment “${name}”? Its membership history goes with it.`)) return;
          setBusy(true);
          try {
            await api(`/api/segments/${segmentId}`, { method: "DELETE" });
            router.push("/segments");
            router.refresh();
          } catch (e) {
            setError((e as Error).message);
            setBusy(false);
          }
        }}
      >
        Delete
      </Button>
      {error && (
        <span role="alert" className="mt-1 max-w-xs text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
