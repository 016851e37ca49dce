// The exact JSON text of one member of a JSON object, as the client sent it — key order, number
// formatting and all — for what must be passed on byte for byte (a published payload). The text
// was parsed successfully before this runs, so the scan only has to find the value's bounds.

/** The text of top-level member `key` of the JSON object in `text` (the last one if repeated, as
 * JSON.parse does), or null when there is none. */
export function rawJsonMember(text: string, key: string): string | null {
  let i = skipSpace(text, 0);
  if (text[i] !== "{") return null;
  i++;
  let found: string | null = null;
  for (;;) {
    i = skipSpace(text, i);
    if (text[i] === "}") return found;
    const keyEnd = endOfString(text, i);
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    i = skipSpace(text, i + 1); // the colon
    const valueEnd = endOfValue(text, i);
    if (name === key) found = text.slice(i, valueEnd);
    i = skipSpace(text, valueEnd);
    if (text[i] === ",") i++;
    else return found; // "}"
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  return i;
}

/** `text[i]` opens a string: the index just past its closing quote. */
function endOfString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === "\\") j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

/** The index just past the value starting at `text[i]`. */
function endOfValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return endOfString(text, i);
  if (first === "{" || first === "[") {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (c === '"') j = endOfString(text, j) - 1;
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  // A number, true, false or null: up to the next delimiter.
  let j = i;
  while (j < text.length && !",}] \t\n\r".includes(text[j])) j++;
  return j;
}
