import bcrypt from "bcryptjs";

const COST = 12;
/** A real hash of a random string, compared against when the account does not exist (equal timing). */
const DUMMY_HASH = "$2b$12$qsAJqYgaQ1MItxM.GmrcOe3vMTGpN.wkDCZNIi82C4TdJBg.m4vpi";

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await bcrypt.compare(password, DUMMY_HASH);
    return false;
  }
  return bcrypt.compare(password, hash);
}
