import { Liquid } from "liquidjs";
import { AppError } from "../errors";

/**
 * Liquid templates for emails and webhooks: `{{ profile.first_name | default: "there" }}`,
 * `{{ event.properties.product }}`. Missing variables render empty (with `default` for fallbacks);
 * templates cannot read files or include others.
 */
const engine = new Liquid({ strictFilters: true, strictVariables: false, ownPropertyOnly: true, cache: 500, templates: {} });

export type TemplateVars = {
  profile: Record<string, unknown>;
  event: Record<string, unknown>;
  journey: { name: string };
  /** The offer a “next best action” step chose, when there was one. */
  offer?: Record<string, unknown> | null;
  unsubscribe_url?: string;
};

/** Parse errors, in words (null when the template is valid). */
export function templateError(source: string): string | null {
  try {
    engine.parse(source);
    return null;
  } catch (e) {
    return (e as Error).message.split("\n")[0]!;
  }
}

export async function renderTemplate(source: string, vars: TemplateVars): Promise<string> {
  try {
    return String(await engine.parseAndRender(source, vars));
  } catch (e) {
    throw new AppError("invalid_input", `The template does not render: ${(e as Error).message.split("\n")[0]}`);
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** Plain text from an HTML body: links kept as "text (url)", blocks as lines. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, "")
    .replace(/<a [^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/gi, (_, url: string, text: string) => `${text} (${url})`)
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|h[1-6]|li|tr)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * The HTML as sent: links go through the click tracker, an open pixel is added, and an
 * unsubscribe footer unless the template already links to `{{ unsubscribe_url }}`.
 */
export function trackedHtml(html: string, links: { click: (url: string) => string; openPixel: string; unsubscribe: string }): string {
  let out = html.replace(/href="(https?:\/\/[^"]+)"/gi, (all, url: string) => (url === links.unsubscribe ? all : `href="${escapeHtml(links.click(url.replace(/&amp;/g, "&")))}"`));
  if (!out.includes(links.unsubscribe)) {
    out += `<p style="font-size:12px;color:#6b7280;margin-top:24px">Don't want these emails? <a href="${escapeHtml(links.unsubscribe)}">Unsubscribe</a>.</p>`;
  }
  return `${out}<img src="${escapeHtml(links.openPixel)}" width="1" height="1" alt="" style="display:none">`;
}
