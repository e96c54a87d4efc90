import { COUNTRIES, COUNTRY_WEIGHTS, CONSENT_PURPOSES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, PLANS, type Country } from "./catalog";
import type { Rng } from "./random";
import type { GenConsent } from "./types";

const DAY = 86_400_000;

/** Who a generated profile is: identity, place, plan, lifecycle dates and consent. */
export type Person = {
  known: boolean;
  userId: string | null;
  anonymousIds: string[];
  firstName: string;
  lastName: string;
  email: string | null;
  country: Country;
  city: string;
  plan: (typeof PLANS)[number];
  signupAt: number;
  activeStart: number;
  activeEnd: number;
  churned: boolean;
  consent: GenConsent;
};

function ascii(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}

/** A UUID-shaped id that is unique per (profile, device) by construction. */
function deviceId(rng: Rng, index: number, device: number): string {
  return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${(8 + device).toString(16)}${rng.hex(3)}-${index.toString(16).padStart(12, "0")}`;
}

export function makePerson(rng: Rng, index: number, windowStart: number, end: number): Person {
  const days = (end - windowStart) / DAY;
  const known = rng.chance(0.68);
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const country = rng.weighted(COUNTRIES, COUNTRY_WEIGHTS);
  const city = rng.pick(country.cities);
  const plan = known ? rng.weighted(PLANS, [70, 20, 10]) : "free";

  // Cohorts: about half signed up before the period (existing customers), the rest during it.
  const signupAt = known
    ? rng.chance(0.45)
      ? windowStart - Math.round(rng.exponential(200 * DAY)) - DAY
      : windowStart + Math.round(rng.next() * days * DAY)
    : end + DAY;
  let activeStart = known
    ? signupAt > windowStart
      ? Math.max(windowStart, signupAt - Math.round(rng.exponential(3 * DAY)))
      : windowStart
    : windowStart + Math.round(rng.next() * days * 0.95 * DAY);

  // Churn differs by cohort (signup month): some cohorts were acquired by campaigns that did not stick.
  const cohort = Math.floor((end - signupAt) / (30 * DAY));
  const churnRate = known ? [0.22, 0.4, 0.3, 0.18][((cohort % 4) + 4) % 4]! : 0.55;
  const churned = rng.chance(churnRate);
  let activeEnd = churned ? Math.min(end, activeStart + Math.round(rng.exponential(Math.max(DAY, (end - activeStart) / 2)))) : end;
  if (activeEnd - activeStart < 3_600_000) activeEnd = Math.min(end, activeStart + 3_600_000);
  if (activeEnd - activeStart < 3_600_000) activeStart = activeEnd - 3_600_000;

  const devices = rng.weighted([1, 2, 3], [60, 30, 10]);
  const anonymousIds = Array.from({ length: devices }, (_, d) => deviceId(rng, index, d));
  const email = known ? `${ascii(firstName)}.${ascii(lastName)}.${index.toString(36)}@${rng.pick(EMAIL_DOMAINS)}` : null;

  const consentAt = new Date(known ? Math.min(signupAt, activeStart) : activeStart).toISOString();
  const grant = (p: number) => rng.chance(p);
  const consent = Object.fromEntries(
    CONSENT_PURPOSES.map((purpose) => {
      const granted = purpose === "marketing_email" ? known && grant(0.62) : purpose === "analytics" ? grant(0.92) : purpose === "advertising" ? grant(0.55) : grant(0.78);
      return [purpose, { granted, at: consentAt, source: purpose === "marketing_email" ? "signup_form" : "cookie_banner" }];
    }),
  ) as GenConsent;

  return {
    known,
    userId: known ? `user_${index.toString(36).padStart(5, "0")}` : null,
    anonymousIds,
    firstName,
    lastName,
    email,
    country,
    city,
    plan,
    signupAt,
    activeStart,
    activeEnd,
    churned,
    consent,
  };
}
