import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { from: string; to: string[]; raw: string; body: string; header: (name: string) => string | undefined };

/**
 * A real SMTP server on loopback that keeps what it receives. `refuse` answers chosen recipients
 * with a permanent (550) or temporary (451) error, as a real server would.
 */
export async function startSmtp(opts: { refuse?: (to: string) => 550 | 451 | null } = {}) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      const code = opts.refuse?.(address.address) ?? null;
      if (code) return callback(Object.assign(new Error(code === 550 ? "Mailbox unavailable" : "Try again later"), { responseCode: code }));
      callback();
    },
    onData(stream, session, done) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
      stream.on("end", () => {
        const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
        const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
        const header = (name: string) => unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim();
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw, body: rest.join("\n\n").replace(/=\r?\n/g, "").replace(/=3D/g, "="), header });
        done();
      });
    },
  });
  // A client killed mid-session (a test kills workers on purpose) resets its connection: not an error of the server.
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
