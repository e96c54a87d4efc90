import { createServer } from "node:http";
import path from "node:path";
import { build } from "esbuild";
import { expect, test } from "@playwright/test";
import { signInAsOwner } from "./helpers";

// analytics.js (the official @segment/analytics-next, bundled from node_modules) on a shop page of
// another origin, pointed at this app with only the host and the write key set.
test("the official analytics.js sends from a web page, and the events land on the profile", async ({ page, browser, baseURL }) => {
  await signInAsOwner(page);
  await page.goto("/sources");
  await page.getByLabel("Source name").fill("Shop website");
  await page.getByLabel("Allowed origins (optional)").fill("http://127.0.0.1:3999");
  await page.getByRole("button", { name: "Create source" }).click();
  const writeKey = await page.getByTestId("write-key").inputValue();

  const bundle = await build({
    stdin: { contents: 'import { AnalyticsBrowser } from "@segment/analytics-next"; window.AnalyticsBrowser = AnalyticsBrowser;', resolveDir: path.resolve(".") },
    bundle: true,
    format: "iife",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  // The shop is a real local web server on another origin (another port), as a customer's site would be.
  const server = createServer((req, res) => {
    if (req.url === "/analytics.js") res.writeHead(200, { "content-type": "text/javascript" }).end(bundle.outputFiles[0]!.text);
    else res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><html><head><script src="/analytics.js"></script></head><body>Shop</body></html>');
  });
  await new Promise<void>((r) => server.listen(3999, "127.0.0.1", r));
  const shop = await browser.newPage();
  const failures: string[] = [];
  shop.on("requestfailed", (r) => failures.push(`${r.url()} ${r.failure()?.errorText}`));
  shop.on("console", (m) => m.type() === "error" && failures.push(m.text()));
  await shop.goto("http://127.0.0.1:3999/");
  const apiHost = `${new URL(baseURL!).host}/v1`;
  const email = `shopper.${Date.now()}@example.com`;
  const delivered = await shop.evaluate(
    async ({ writeKey, apiHost, email }) => {
      type Ctx = { failedDelivery?: () => unknown };
      type Call = (...args: unknown[]) => Promise<Ctx>;
      const w = window as unknown as { AnalyticsBrowser: { load: (s: unknown) => { identify: Call; track: Call; page: Call } } };
      const analytics = w.AnalyticsBrowser.load({ writeKey, cdnSettings: { integrations: { "Segment.io": { apiKey: writeKey, apiHost, protocol: "http" } } } });
      const results = [];
      results.push(await analytics.page("Home"));
      results.push(await analytics.identify("js-shopper", { email, name: "Shirley Shopper" }));
      results.push(await analytics.track("Product Added", { sku: "sku-101", price: 18.5 }));
      return results.map((ctx) => (ctx.failedDelivery?.() ? "failed" : "ok"));
    },
    { writeKey, apiHost, email },
  );
  expect(delivered).toEqual(["ok", "ok", "ok"]);
  expect(failures).toEqual([]);

  await page.goto(`/profiles?q=${encodeURIComponent(email)}`);
  await page.getByRole("link", { name: "Shirley Shopper" }).click();
  const timeline = page.getByTestId("timeline");
  await expect(timeline).toContainText("Product Added");
  await expect(timeline).toContainText("Home");
  await expect(page.getByTestId("identities")).toContainText("js-shopper");
  await shop.close();
  await new Promise<void>((r) => server.close(() => r()));
});
