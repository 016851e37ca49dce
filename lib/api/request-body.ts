// Reads a JSON request body without ever buffering more than the limit: a body over it is a 413
// as soon as the limit is crossed, however large the upload, and malformed JSON is a 400.
import { badRequest, payloadTooLarge } from "../errors";

export async function readBodyText(req: Request, limitBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limitBytes) throw payloadTooLarge(limitBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => {});
      throw payloadTooLarge(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function readJsonBody(req: Request, limitBytes: number): Promise<unknown> {
  return parseJsonText(await readBodyText(req, limitBytes));
}

/** A JSON body's value: an empty body is `{}`, malformed JSON a 400. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`Malformed JSON body: ${(err as Error).message}`);
  }
}
