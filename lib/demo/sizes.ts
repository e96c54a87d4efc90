/** Named data sizes: the same names everywhere (demo seed, benchmarks, generator CLI). */
export const SIZES = {
  tiny: { profiles: 2_000, events: 100_000 },
  small: { profiles: 20_000, events: 1_000_000 },
  medium: { profiles: 200_000, events: 5_000_000 },
  large: { profiles: 1_000_000, events: 20_000_000 },
} as const;
export type SizeName = keyof typeof SIZES;
export const SIZE_NAMES = Object.keys(SIZES) as SizeName[];

export const DEFAULT_DAYS = 90;
/** Fixed default end so that the same seed and size give byte-identical output on any day. */
export const DEFAULT_END = Date.UTC(2026, 10, 1);

export function isSizeName(s: string): s is SizeName {
  return s in SIZES;
}
