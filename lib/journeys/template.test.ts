import { describe, expect, it } from "vitest";
import { htmlToText, renderTemplate, templateError, trackedHtml } from "./template";

const vars = { profile: { first_name: "Ann", plan: "pro" }, event: { properties: { product: "Kettle", price: 49.5 } }, journey: { name: "Cart" } };

describe("email templates", () => {
  it("renders profile and event variables with Liquid filters and defaults", async () => {
    expect(await renderTemplate("Hi {{ profile.first_name | default: 'there' }}, the {{ event.properties.product }} costs {{ event.properties.price }}", vars)).toBe("Hi Ann, the Kettle costs 49.5");
    expect(await renderTemplate("Hi {{ profile.last_name | default: \"there\" }}", vars)).toBe("Hi there");
    expect(await renderTemplate("{% if profile.plan == 'pro' %}Thanks, pro!{% endif %}", vars)).toBe("Thanks, pro!");
  });

  it("reports template errors in words and refuses unknown filters and includes", async () => {
    expect(templateError("Hi {{ profile.first_name")).toMatch(/not closed/i);
    expect(templateError("Hi {{ profile.first_name }}")).toBeNull();
    await expect(renderTemplate("{{ profile.first_name | shout }}", vars)).rejects.toThrow(/does not render/);
    await expect(renderTemplate("{% include 'secrets' %}", vars)).rejects.toThrow(/does not render/);
  });

  it("tracks links and opens, and adds an unsubscribe link when the template has none", () => {
    const links = { click: (u: string) => `https://app/t/c/tok?u=${encodeURIComponent(u)}`, openPixel: "https://app/t/o/tok", unsubscribe: "https://app/u/tok" };
    const out = trackedHtml('<a href="https://shop.example/a?x=1&amp;y=2">Shop</a>', links);
    expect(out).toContain('href="https://app/t/c/tok?u=https%3A%2F%2Fshop.example%2Fa%3Fx%3D1%26y%3D2"');
    expect(out).toContain('<img src="https://app/t/o/tok"');
    expect(out).toContain('<a href="https://app/u/tok">Unsubscribe</a>');
    const own = trackedHtml('<a href="https://app/u/tok">Leave</a>', links);
    expect(own.match(/app\/u\/tok/g)).toHaveLength(1);
  });

  it("makes plain text from HTML", () => {
    expect(htmlToText('<h1>Hello</h1><p>See <a href="https://x.example">our sale</a>&nbsp;now</p>')).toBe("Hello\nSee our sale (https://x.example) now");
  });
});
