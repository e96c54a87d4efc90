/** Topics on the bus. */
export const TOPICS = { segmentMembership: "segment.membership", journeyTrigger: "journey.trigger" } as const;

/** Which bus this process uses: BUS=nats for JetStream, otherwise the PostgreSQL one. */
export const busKind = (): "postgres" | "nats" => (process.env.BUS === "nats" ? "nats" : "postgres");
