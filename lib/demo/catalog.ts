/** Reference data for the generated online store: people, places, products and pages. */

export const FIRST_NAMES = [
  "Emma", "Liam", "Olivia", "Noah", "Ava", "Elijah", "Sophia", "Lucas", "Mia", "Mateo", "Amelia", "Leo", "Harper", "Ethan",
  "Isabella", "Hugo", "Chloé", "Louis", "Léa", "Jonas", "Hanna", "Lukas", "Marie", "Finn", "Sofia", "Luca", "Giulia", "Marco",
  "Lucía", "Pablo", "Carmen", "Diego", "Aiko", "Haruto", "Yui", "Sakura", "Priya", "Arjun", "Ananya", "Rohan", "Freya", "Oscar",
  "Ingrid", "Lars", "Zoë", "Daan", "Julia", "Jakub", "Zuzanna", "Ana", "João", "Beatriz", "Rafael", "Chen", "Wei", "Mei", "Omar",
  "Layla", "Kwame", "Amara", "Tom", "Grace", "Jack", "Ella", "Charlie", "Ruby", "Alfie", "Isla",
] as const;

export const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Martin", "Bernard", "Dubois", "Moreau",
  "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Rossi", "Russo", "Ferrari", "Esposito", "García", "Fernández",
  "López", "Martínez", "Sato", "Suzuki", "Takahashi", "Sharma", "Patel", "Singh", "Kumar", "Andersen", "Nielsen", "Hansen",
  "Johansson", "Larsson", "de Vries", "Jansen", "Nowak", "Kowalski", "Silva", "Santos", "Oliveira", "Wang", "Li", "Zhang",
  "Hassan", "Mensah", "Okafor", "Taylor", "Wilson", "Evans", "Thomas", "Roberts", "O'Brien", "Murphy", "Kelly",
] as const;

export const EMAIL_DOMAINS = ["example.com", "example.org", "example.net", "mail.example", "inbox.example"] as const;

export type Country = { code: string; name: string; currency: string; utcOffset: number; weight: number; cities: readonly string[] };

export const COUNTRIES: readonly Country[] = [
  { code: "US", name: "United States", currency: "USD", utcOffset: -5, weight: 34, cities: ["New York", "Los Angeles", "Chicago", "Houston", "Seattle", "Austin", "Boston", "Denver"] },
  { code: "GB", name: "United Kingdom", currency: "GBP", utcOffset: 0, weight: 12, cities: ["London", "Manchester", "Bristol", "Edinburgh", "Leeds"] },
  { code: "DE", name: "Germany", currency: "EUR", utcOffset: 1, weight: 11, cities: ["Berlin", "Munich", "Hamburg", "Cologne", "Frankfurt"] },
  { code: "FR", name: "France", currency: "EUR", utcOffset: 1, weight: 9, cities: ["Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux"] },
  { code: "CA", name: "Canada", currency: "CAD", utcOffset: -5, weight: 6, cities: ["Toronto", "Vancouver", "Montreal", "Calgary"] },
  { code: "ES", name: "Spain", currency: "EUR", utcOffset: 1, weight: 5, cities: ["Madrid", "Barcelona", "Valencia", "Seville"] },
  { code: "IT", name: "Italy", currency: "EUR", utcOffset: 1, weight: 5, cities: ["Rome", "Milan", "Naples", "Turin"] },
  { code: "NL", name: "Netherlands", currency: "EUR", utcOffset: 1, weight: 4, cities: ["Amsterdam", "Rotterdam", "Utrecht"] },
  { code: "AU", name: "Australia", currency: "AUD", utcOffset: 10, weight: 4, cities: ["Sydney", "Melbourne", "Brisbane", "Perth"] },
  { code: "SE", name: "Sweden", currency: "SEK", utcOffset: 1, weight: 3, cities: ["Stockholm", "Gothenburg", "Malmö"] },
  { code: "JP", name: "Japan", currency: "JPY", utcOffset: 9, weight: 3, cities: ["Tokyo", "Osaka", "Kyoto"] },
  { code: "IN", name: "India", currency: "INR", utcOffset: 5.5, weight: 2, cities: ["Mumbai", "Bengaluru", "Delhi"] },
  { code: "BR", name: "Brazil", currency: "BRL", utcOffset: -3, weight: 2, cities: ["São Paulo", "Rio de Janeiro"] },
];
export const COUNTRY_WEIGHTS = COUNTRIES.map((c) => c.weight);

export type Product = { id: string; name: string; category: string; price: number };

const CATEGORIES: Record<string, [string, number][]> = {
  Coffee: [["Single Origin Beans", 18.5], ["Espresso Blend", 16], ["Decaf Colombia", 15.5], ["Cold Brew Pack", 22]],
  Equipment: [["Pour-Over Kettle", 64], ["Burr Grinder", 149], ["French Press", 39], ["Espresso Tamper", 29], ["Scale with Timer", 55]],
  Tea: [["Sencha Green", 14], ["Earl Grey", 12.5], ["Chai Masala", 13], ["Chamomile", 11]],
  Accessories: [["Travel Mug", 24], ["Ceramic Cups (2)", 32], ["Paper Filters", 7.5], ["Cleaning Tablets", 9.9]],
  Gifts: [["Tasting Box", 45], ["Gift Card", 50], ["Barista Course", 120]],
};

export const PRODUCTS: readonly Product[] = Object.entries(CATEGORIES).flatMap(([category, items], ci) =>
  items.map(([name, price], i) => ({ id: `sku-${ci + 1}${String(i + 1).padStart(2, "0")}`, name, category, price })),
);
/** Popularity: a few products sell far more than the rest. */
export const PRODUCT_WEIGHTS = PRODUCTS.map((_, i) => 1 / (1 + i * 0.35));

export const PAGES = [
  { name: "Home", path: "/", weight: 30 },
  { name: "Category", path: "/shop", weight: 20 },
  { name: "Search", path: "/search", weight: 8 },
  { name: "Blog", path: "/blog", weight: 6 },
  { name: "About", path: "/about", weight: 2 },
  { name: "Help", path: "/help", weight: 3 },
] as const;
export const PAGE_WEIGHTS = PAGES.map((p) => p.weight);

export const PLANS = ["free", "basic", "pro"] as const;
export const PLAN_PRICES: Record<(typeof PLANS)[number], number> = { free: 0, basic: 9, pro: 29 };

export const CONSENT_PURPOSES = ["analytics", "marketing_email", "advertising", "personalization"] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const REFERRERS = ["google", "direct", "newsletter", "instagram", "facebook", "partner", "tiktok"] as const;
export const REFERRER_WEIGHTS = [35, 25, 12, 10, 8, 5, 5];

export const TICKET_TOPICS = ["delivery", "refund", "product question", "billing", "account"] as const;

/** Relative traffic by hour of local day (0–23): quiet nights, lunch bump, evening peak. */
export const HOUR_WEIGHTS = [2, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 10, 12, 11, 9, 9, 10, 11, 13, 15, 16, 14, 9, 5];
/** Relative traffic by weekday, Sunday first: weekend dip on Saturday, Sunday-evening browsing. */
export const WEEKDAY_WEIGHTS = [0.95, 1.05, 1.0, 1.0, 0.98, 0.9, 0.8];
