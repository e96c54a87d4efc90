import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Encrypts stored credentials (destination passwords, tokens) with AES-256-GCM.
 * Output: `v1.<iv>.<tag>.<ciphertext>`, all base64url. The key is 32 bytes as 64 hex characters.
 */
function keyBytes(hexKey: string): Buffer {
  const key = Buffer.from(hexKey, "hex");
  if (key.length !== 32) throw new Error("ENCRYPTION_KEY must be 64 hexadecimal characters (32 bytes)");
  return key;
}

export function encryptSecret(plain: string, hexKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyBytes(hexKey), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, hexKey: string): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("Not an encrypted value of this app (expected v1.<iv>.<tag>.<data>)");
  const decipher = createDecipheriv("aes-256-gcm", keyBytes(hexKey), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
