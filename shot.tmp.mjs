import { chromium } from "playwright";
const [,, password, ...paths] = process.argv;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
await page.goto("http://localhost:3000/login");
await page.getByLabel("Email").fill("owner@demo.northstar.local");
await page.getByLabel("Password").fill(password);
await page.getByRole("button", { name: /sign in/i }).click();
await page.waitForURL((u) => !u.pathname.startsWith("/login"));
for (const p of paths) {
  const [path, name, action] = p.split("|");
  await page.goto("http://localhost:3000" + path);
  await page.waitForTimeout(2500);
  if (action === "why") { await page.getByRole("button", { name: "Why?" }).first().click(); await page.waitForTimeout(1500); }
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
  console.log("shot", name, page.url());
}
await browser.close();
