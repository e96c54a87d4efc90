/** Runs once when the web server starts: secrets are redacted from everything it logs. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installLogRedaction } = await import("./lib/security/redact");
    installLogRedaction();
  }
}
