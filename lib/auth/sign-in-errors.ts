// What next-auth's error codes mean to the person at the sign-in page (the page reads them from
// ?error=…, the sign-in form from the answer to "Email me a sign-in link"). Shared by both.
export const SIGN_IN_ERRORS: Record<string, string> = {
  NotInvited: "That account has no invitation to Hookyard. Ask an operator admin to invite your email.",
  OAuthAccountNotLinked: "An account with that email already exists: sign in with your password.",
  AccessDenied: "Sign-in was refused.",
  Verification: "That sign-in link is invalid, has already been used, or has expired. Ask for a new one below.",
  EmailSignin: "Could not send a sign-in link to that address. Check it and try again, or sign in with your password.",
  EmailRateLimited: "Too many sign-in links were asked for this email. Wait a few minutes, then try again.",
};

export const signInErrorMessage = (code: string) => SIGN_IN_ERRORS[code] ?? "Sign-in failed. Try again.";
