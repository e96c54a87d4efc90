export { acknowledge, BUS_CHANNEL, consumeBatch, publish, publishQuery, pruneBus, readBatch, type BusMessage, type Delivered, type Queryable } from "./postgres";

/** Topics on the bus. */
export const TOPICS = { segmentMembership: "segment.membership" } as const;
