import { HOUR_WEIGHTS, PAGES, PAGE_WEIGHTS, PLAN_PRICES, PRODUCTS, PRODUCT_WEIGHTS, REFERRERS, REFERRER_WEIGHTS, TICKET_TOPICS, WEEKDAY_WEIGHTS, type Product } from "./catalog";
import { makePerson, type Person } from "./person";
import { Rng } from "./random";
import type { GenMessage, GenOptions, GenProfile } from "./types";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const PARETO_ALPHA = 1.6;
const PARETO_MEAN = PARETO_ALPHA / (PARETO_ALPHA - 1);
/** Measured average of `session()` output, so that totals land near the requested event count. */
const EVENTS_PER_SESSION = 3.4;

/** Builds one profile's messages in time order; `emit` numbers them for stable message ids. */
class Timeline {
  readonly messages: GenMessage[] = [];
  constructor(
    private readonly seed: number,
    private readonly index: number,
  ) {}
  add(m: Omit<GenMessage, "messageId">) {
    this.messages.push({ ...m, messageId: "" });
  }
  /** Sorts, drops anything after `endMs` (nothing happens in the future), and numbers the messages. */
  finish(endMs: number): GenMessage[] {
    const kept = this.messages.filter((m) => m.ts <= endMs);
    this.messages.length = 0;
    this.messages.push(...kept);
    this.messages.sort((a, b) => a.ts - b.ts);
    const prefix = `g${this.seed}-${this.index.toString(36)}-`;
    this.messages.forEach((m, k) => (m.messageId = prefix + k.toString(36)));
    return this.messages;
  }
}

/** A moment in the active window shaped by the person's local hour-of-day and weekday patterns. */
function sessionTime(rng: Rng, p: Person): number {
  const offset = p.country.utcOffset * HOUR;
  for (let attempt = 0; ; attempt++) {
    const t = p.activeStart + rng.next() * (p.activeEnd - p.activeStart);
    const localDay = Math.floor((t + offset) / DAY);
    const weekday = (localDay + 4) % 7; // 1970-01-01 was a Thursday
    if (attempt < 4 && !rng.chance(WEEKDAY_WEIGHTS[weekday]! / 1.05)) continue;
    const local = localDay * DAY + rng.weighted(HOURS, HOUR_WEIGHTS) * HOUR + Math.floor(rng.next() * HOUR);
    const ts = local - offset;
    if (ts >= p.activeStart && ts <= p.activeEnd) return Math.round(ts);
    if (attempt >= 6) return Math.round(Math.min(p.activeEnd, Math.max(p.activeStart, ts)));
  }
}

function money(n: number): number {
  return Math.round(n * 100) / 100;
}

function productProps(prod: Product, currency: string) {
  return { product_id: prod.id, sku: prod.id, name: prod.name, category: prod.category, price: prod.price, currency };
}

function identifyTraits(p: Person) {
  return {
    email: p.email,
    first_name: p.firstName,
    last_name: p.lastName,
    name: `${p.firstName} ${p.lastName}`,
    country: p.country.code,
    city: p.city,
    plan: p.plan,
    created_at: new Date(p.signupAt).toISOString(),
  };
}

function consentContext(p: Person) {
  return { consent: { categoryPreferences: Object.fromEntries(Object.entries(p.consent).map(([k, v]) => [k, v.granted])) } };
}

type State = { orders: number; identifiedDevices: Set<number>; cart: number };

function session(rng: Rng, p: Person, t0: number, tl: Timeline, st: State, index: number): number {
  const device = rng.weighted([0, 1, 2].slice(0, p.anonymousIds.length), [70, 22, 8].slice(0, p.anonymousIds.length));
  const anonymousId = p.anonymousIds[device]!;
  const identified = p.known && t0 >= p.signupAt;
  let t = t0;
  let count = 0;
  const userId = () => (identified ? p.userId : null);
  if (identified && !st.identifiedDevices.has(device)) {
    st.identifiedDevices.add(device);
    tl.add({ type: "identify", ts: t, anonymousId, userId: p.userId, traits: identifyTraits(p), context: consentContext(p) });
    count++;
  }
  const currency = p.country.currency;
  const referrer = rng.weighted(REFERRERS, REFERRER_WEIGHTS);
  const pages = 1 + Math.floor(rng.exponential(1.2));
  for (let i = 0; i < pages; i++) {
    const page = rng.weighted(PAGES, PAGE_WEIGHTS);
    tl.add({
      type: "page",
      // The first page is the session's start, never after the period's end: nobody is left without events.
      ts: i === 0 ? t : (t += 5_000 + Math.floor(rng.exponential(40_000))),
      anonymousId,
      userId: userId(),
      name: page.name,
      properties: { path: page.path, url: `https://shop.example.com${page.path}`, title: `${page.name} · Example Coffee` },
      ...(i === 0 && referrer !== "direct" ? { context: { campaign: { source: referrer, medium: referrer === "google" ? "organic" : "social" } } } : {}),
    });
    count++;
  }
  const viewed: Product[] = [];
  const views = Math.floor(rng.exponential(1.6));
  for (let i = 0; i < views; i++) {
    const prod = rng.weighted(PRODUCTS, PRODUCT_WEIGHTS);
    viewed.push(prod);
    tl.add({ type: "track", event: "Product Viewed", ts: (t += 8_000 + Math.floor(rng.exponential(50_000))), anonymousId, userId: userId(), properties: productProps(prod, currency) });
    count++;
  }
  if (viewed.length === 0 || !rng.chance(0.34)) return count;

  const cartId = `cart_${index.toString(36)}_${(st.cart++).toString(36)}`;
  const lines = viewed.slice(0, rng.int(1, Math.min(2, viewed.length))).map((prod) => ({ prod, quantity: rng.weighted([1, 2, 3], [80, 15, 5]) }));
  for (const line of lines) {
    tl.add({ type: "track", event: "Product Added", ts: (t += 10_000 + Math.floor(rng.exponential(30_000))), anonymousId, userId: userId(), properties: { ...productProps(line.prod, currency), cart_id: cartId, quantity: line.quantity } });
    count++;
  }
  const value = money(lines.reduce((s, l) => s + l.prod.price * l.quantity, 0));
  const products = lines.map((l) => ({ product_id: l.prod.id, name: l.prod.name, price: l.prod.price, quantity: l.quantity }));
  // Anonymous visitors and many known ones abandon: added to cart, no order.
  if (!identified || !rng.chance(0.58)) return count;
  tl.add({ type: "track", event: "Checkout Started", ts: (t += 30_000 + Math.floor(rng.exponential(60_000))), anonymousId, userId: userId(), properties: { cart_id: cartId, value, currency, products } });
  count++;
  if (!rng.chance(0.72)) return count;
  const discount = rng.chance(0.15) ? money(value * 0.1) : 0;
  const revenue = money(value - discount);
  st.orders++;
  tl.add({
    type: "track",
    event: "Order Completed",
    ts: (t += 45_000 + Math.floor(rng.exponential(90_000))),
    anonymousId,
    userId: userId(),
    properties: { order_id: `ord_${index.toString(36)}_${st.orders}`, cart_id: cartId, revenue, value, discount, currency, products, coupon: discount ? "WELCOME10" : null },
  });
  return count + 1;
}

/** Weekly newsletter engagement for people who allowed marketing email. */
function emailEvents(rng: Rng, p: Person, tl: Timeline, windowStart: number, end: number): number {
  if (!p.known || !p.consent.marketing_email.granted) return 0;
  const engagement = rng.next() * 0.5;
  let n = 0;
  const from = Math.max(windowStart, p.signupAt);
  const until = p.churned ? Math.min(end, p.activeEnd + 21 * DAY) : end;
  for (let week = Math.ceil((from - 0) / (7 * DAY)); week * 7 * DAY < until; week++) {
    const sendAt = week * 7 * DAY + 5 * DAY + (10 - p.country.utcOffset) * HOUR; // Tuesdays, 10:00 local
    if (sendAt < from || sendAt > until || !rng.chance(engagement)) continue;
    const campaign = { campaign_id: `nl-${week}`, campaign_name: `Newsletter week ${week % 53}`, subject: "Fresh roasts this week" };
    const opened = sendAt + Math.round(rng.exponential(6 * HOUR));
    tl.add({ type: "track", event: "Email Opened", ts: opened, anonymousId: null, userId: p.userId, properties: campaign });
    n++;
    if (rng.chance(0.3)) {
      tl.add({ type: "track", event: "Email Link Clicked", ts: opened + rng.int(5_000, 120_000), anonymousId: null, userId: p.userId, properties: { ...campaign, link_url: "https://shop.example.com/shop" } });
      n++;
    }
  }
  return n;
}

function lifecycleEvents(rng: Rng, p: Person, tl: Timeline, windowStart: number): number {
  let n = 0;
  if (p.known && p.plan !== "free") {
    const startedAt = Math.max(p.signupAt, windowStart) + rng.int(0, 2 * DAY);
    if (startedAt >= windowStart && startedAt < p.activeEnd) {
      tl.add({ type: "track", event: "Subscription Started", ts: startedAt, anonymousId: null, userId: p.userId, properties: { plan: p.plan, mrr: PLAN_PRICES[p.plan], currency: p.country.currency } });
      n++;
    }
    if (p.churned && rng.chance(0.7)) {
      tl.add({ type: "track", event: "Subscription Cancelled", ts: p.activeEnd, anonymousId: null, userId: p.userId, properties: { plan: p.plan, reason: rng.pick(["too expensive", "not using it", "switched", "other"]) } });
      n++;
    }
  }
  if (p.known) {
    const months = Math.max(1, (p.activeEnd - p.activeStart) / (30 * DAY));
    for (let m = 0; m < months; m++) {
      if (!rng.chance(0.07)) continue;
      tl.add({ type: "track", event: "Support Ticket Created", ts: p.activeStart + Math.round(rng.next() * (p.activeEnd - p.activeStart)), anonymousId: null, userId: p.userId, properties: { topic: rng.pick(TICKET_TOPICS), priority: rng.weighted(["low", "normal", "high"], [30, 55, 15]) } });
      n++;
    }
  }
  return n;
}

/** Generates profile `index` of a data set: the same options and index always give the same profile. */
export function generateProfile(opts: GenOptions, index: number): GenProfile {
  const rng = new Rng(opts.seed, index);
  const windowStart = opts.endMs - opts.days * DAY;
  const p = makePerson(rng, index, windowStart, opts.endMs);
  const mean = opts.events / opts.profiles;
  // Heavy-tailed activity: most people do little, a few do a lot.
  const budget = Math.max(2, Math.min(Math.round(mean * 60), Math.round((mean * rng.pareto(PARETO_ALPHA)) / PARETO_MEAN)));

  const tl = new Timeline(opts.seed, index);
  let used = emailEvents(rng, p, tl, windowStart, opts.endMs) + lifecycleEvents(rng, p, tl, windowStart);
  const st: State = { orders: 0, identifiedDevices: new Set(), cart: 0 };
  const times: number[] = [];
  const sessions = Math.max(1, Math.round((budget - used) / EVENTS_PER_SESSION));
  for (let s = 0; s < sessions; s++) times.push(sessionTime(rng, p));
  times.sort((a, b) => a - b);
  for (const t of times) used += session(rng, p, t, tl, st, index);
  const messages = tl.finish(opts.endMs);

  const orders = messages.filter((m) => m.event === "Order Completed");
  const traits: Record<string, unknown> = p.known
    ? { ...identifyTraits(p), lifetime_value: money(orders.reduce((s, o) => s + (o.properties!.revenue as number), 0)), orders_count: orders.length }
    : {};
  return {
    index,
    userId: p.userId,
    anonymousIds: p.anonymousIds,
    email: p.email,
    traits,
    consent: p.consent,
    firstSeen: messages[0]!.ts,
    lastSeen: messages[messages.length - 1]!.ts,
    messages,
  };
}
