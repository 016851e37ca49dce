/** The value of a JSON text field, or why it does not parse, as shown under the field. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: `Not valid JSON: ${(err as Error).message}` };
  }
}

/** An optional JSON field: empty text is "none" (null); text that does not parse is reported
 * through `fail` and sent as nothing (undefined). */
export function optionalJson(text: string, fail: (message: string) => void): unknown {
  if (!text.trim()) return null;
  const parsed = parseJsonText(text);
  if (parsed.ok) return parsed.value;
  fail(parsed.message);
  return undefined;
}
