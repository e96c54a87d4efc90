import { durationMs } from "../segments/sql";
import type { JourneySettings, SplitConfig, WaitConfig } from "./schema";

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A valid IANA zone, or the fallback. */
export function zoneOr(tz: unknown, fallback: string): string {
  if (typeof tz !== "string" || !tz) return fallback;
  try {
    formatter(tz);
    return tz;
  } catch {
    return fallback;
  }
}

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(tz, f);
  }
  return f;
}

/** Wall-clock parts of an instant in a zone. */
export function localParts(at: Date, tz: string): { y: number; m: number; d: number; h: number; mi: number } {
  const parts = Object.fromEntries(formatter(tz).formatToParts(at).map((p) => [p.type, p.value]));
  return { y: +parts.year!, m: +parts.month!, d: +parts.day!, h: +parts.hour!, mi: +parts.minute! };
}

/** The instant a wall-clock time in a zone stands for (the later one when a clock change skips it). */
export function zonedInstant(y: number, m: number, d: number, h: number, mi: number, tz: string): Date {
  const wall = Date.UTC(y, m - 1, d, h, mi);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(guess), tz);
    const shown = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi);
    if (shown === wall) break;
    guess += wall - shown;
  }
  return new Date(guess);
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The next instant after `now` at which the zone's clock reads `clock` (HH:MM). */
export function nextTimeOfDay(now: Date, clock: string, tz: string): Date {
  const p = localParts(now, tz);
  const target = minutesOf(clock);
  for (let day = 0; day < 3; day++) {
    const base = new Date(Date.UTC(p.y, p.m - 1, p.d + day));
    const at = zonedInstant(base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate(), Math.floor(target / 60), target % 60, tz);
    if (at.getTime() > now.getTime()) return at;
  }
  return new Date(now.getTime() + 86_400_000);
}

/** When a wait node started now ends (for an event wait: when its timeout fires). */
export function waitEndsAt(config: WaitConfig, now: Date, tz: string): Date {
  switch (config.mode) {
    case "duration":
      return new Date(now.getTime() + durationMs(config));
    case "until_date":
      return new Date(Math.max(now.getTime(), Date.parse(config.at)));
    case "time_of_day":
      return nextTimeOfDay(now, config.time, tz);
    case "event":
      return new Date(now.getTime() + durationMs(config.timeout));
  }
}

/** When quiet hours hold at `now` in the zone, the moment they end; otherwise null. */
export function quietUntil(now: Date, quiet: JourneySettings["quietHours"], tz: string): Date | null {
  if (!quiet) return null;
  const p = localParts(now, tz);
  const m = p.h * 60 + p.mi;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const inside = start < end ? m >= start && m < end : m >= start || m < end;
  return inside ? nextTimeOfDay(now, quiet.end, tz) : null;
}

/** A stable number in [0, 100) for a key: the same profile always lands on the same split path. */
export function bucketOf(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return ((h >>> 0) % 10_000) / 100;
}

/** The split path (index) a key lands on, or null for the holdout. */
export function splitPath(cfg: SplitConfig, key: string): number | null {
  const b = bucketOf(key);
  let acc = 0;
  const i = cfg.variants.findIndex((x) => b < (acc += x.percent));
  return i < 0 ? null : i;
}
