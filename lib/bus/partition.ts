/**
 * The partition of a key (a profile's identifier): FNV-1a over its UTF-8 bytes, modulo the count.
 * Stable across processes and machines, so one profile's messages always share a subject and are
 * read in order by the one worker that holds that partition.
 */
export function partitionOf(key: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(key, "utf8")) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % partitions;
}

/**
 * The partitions a member takes: with members sorted by name, member i of n takes every partition p
 * with p mod n = i (all of them alone; none when there are more members than partitions).
 */
export function assignedPartitions(member: string, members: string[], partitions: number): number[] {
  const sorted = [...new Set(members)].sort();
  const index = sorted.indexOf(member);
  if (index < 0) return [];
  return Array.from({ length: partitions }, (_, p) => p).filter((p) => p % sorted.length === index);
}
