// next-auth's own routes: session, CSRF token, sign-out, and OAuth sign-in/callbacks (GitHub when
// configured). Password sign-in and sign-up live next to it (../password, ../sign-up).
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: Context): Promise<Response> {
  return NextAuth(req as never, ctx as never, authOptions(req)) as Promise<Response>;
}

export { handler as GET, handler as POST };
