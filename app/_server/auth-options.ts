import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authenticate, credentialsSchema } from "@/lib/auth";
import { isAppError } from "@/lib/errors";

function ipFromHeaders(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined;
  const real = headers?.["x-real-ip"];
  return first || (typeof real === "string" ? real : "") || "unknown";
}

const maxAgeSeconds = Math.round(Number(process.env.SESSION_MAX_AGE_HOURS ?? 12) * 3600);

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  // Session cookies: httpOnly and SameSite=Lax always; Secure (and __Secure- prefixed) when served over HTTPS.
  useSecureCookies: (process.env.NEXTAUTH_URL ?? "").startsWith("https://"),
  session: { strategy: "jwt", maxAge: maxAgeSeconds, updateAge: 15 * 60 },
  jwt: { maxAge: maxAgeSeconds },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials ?? {});
        if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "Enter your email and password.");
        try {
          const user = await authenticate({ ...parsed.data, ip: ipFromHeaders(req?.headers) });
          return { id: user.id, email: user.email, name: user.name };
        } catch (e) {
          // The message reaches the sign-in form: rate limits and wrong passwords say what to do.
          if (isAppError(e)) throw new Error(e.message);
          throw new Error("Sign-in is unavailable right now. Try again in a moment.");
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.uid = user.id;
      return token;
    },
    async session({ session, token }) {
      if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
      return session;
    },
  },
};
