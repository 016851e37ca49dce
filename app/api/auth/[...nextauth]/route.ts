// next-auth's own routes: session, CSRF token, sign-out, OAuth sign-in/callbacks (GitHub when
// configured) and email magic links (SMTP when configured). Password sign-in and sign-up live next
// to it (../password, ../sign-up). See lib/api/next-auth-route.ts for how the request is handed over.
import { handleNextAuth } from "@/lib/api/next-auth-route";

type Context = { params: Promise<{ nextauth: string[] | string }> };

async function handler(req: Request, ctx: Context): Promise<Response> {
  const { nextauth } = await ctx.params;
  return handleNextAuth(req, Array.isArray(nextauth) ? nextauth : nextauth.split("/"));
}

export { handler as GET, handler as POST };
