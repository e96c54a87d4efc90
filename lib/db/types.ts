import type { Prisma } from "./generated/client";

/** The Prisma client or an open transaction: domain functions accept either. */
export type Tx = Prisma.TransactionClient;
