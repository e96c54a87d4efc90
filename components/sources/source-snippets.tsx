"use client";
import { useState } from "react";
import { cn } from "@/components/ui/cn";

export function SourceSnippets({ host, writeKey }: { host: string; writeKey: string }) {
  const snippets = {
    "analytics.js": `import { AnalyticsBrowser } from "@segment/analytics-next";

export const analytics = AnalyticsBrowser.load(
  { writeKey: "${writeKey}", cdnSettings: { integrations: { "Segment.io": { apiKey: "${writeKey}", apiHost: "${host.replace(/^https?:\/\//, "")}/v1", protocol: "${host.startsWith("https") ? "https" : "http"}" } } } },
);
analytics.track("Product Viewed", { product_id: "sku-101" });`,
    "analytics-node": `import { Analytics } from "@segment/analytics-node";

const analytics = new Analytics({ writeKey: "${writeKey}", host: "${host}" });
analytics.identify({ userId: "user_123", traits: { email: "ada@example.com" } });
analytics.track({ userId: "user_123", event: "Order Completed", properties: { revenue: 42 } });
await analytics.closeAndFlush();`,
    curl: `curl ${host}/v1/track \\
  -u '${writeKey}:' \\
  -H 'Content-Type: application/json' \\
  -d '{"userId":"user_123","event":"Order Completed","properties":{"revenue":42}}'`,
  };
  const [tab, setTab] = useState<keyof typeof snippets>("analytics.js");
  return (
    <div>
      <div role="tablist" aria-label="Snippet" className="mb-2 flex gap-1">
        {(Object.keys(snippets) as (keyof typeof snippets)[]).map((k) => (
          <button
            key={k}
            role="tab"
            type="button"
            aria-selected={tab === k}
            onClick={() => setTab(k)}
            className={cn("rounded-md px-3 py-1 text-sm", tab === k ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100")}
          >
            {k}
          </button>
        ))}
      </div>
      <pre className="overflow-x-auto rounded-md bg-slate-900 p-4 text-xs leading-relaxed text-slate-100" data-testid="snippet">
        <code>{snippets[tab]}</code>
      </pre>
    </div>
  );
}
