// Which endpoints receive a message published at a given version of its event type.
//
// Versions are numbered 1, 2, 3… A breaking version starts a new *line*; the versions after it up
// to the next breaking one are compatible with it (schema-diff.ts guarantees it). An endpoint
// receives a type at the version it pins, or — pinning none — at the latest version; it gets
// every message published at a version of that version's line, and no other. So a receiver pinned
// to v1 gets v2 messages when v2 only added fields, and not v3 messages when v3 broke v2: during a
// migration the operator publishes each event at both lines, and every endpoint gets exactly one.
// (Hookyard cannot render one payload at another version, as Stripe does: it does not know the
// operator's model. The operator's backend renders each line.)

export interface VersionMark {
  version: number;
  breaking: boolean;
}

export interface Line {
  /** The first version of the line (1, or a breaking version). */
  first: number;
  /** Its last version (the one before the next breaking version, or the latest). */
  last: number;
}

/** The line `version` belongs to, among `versions` (any order). */
export function lineOf(versions: VersionMark[], version: number): Line {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  let first = 1;
  for (const v of sorted) if (v.version <= version && v.breaking && v.version > 1) first = v.version;
  const next = sorted.find((v) => v.version > version && v.breaking);
  const last = next ? next.version - 1 : (sorted.at(-1)?.version ?? 1);
  return { first, last };
}

export const latestVersion = (versions: VersionMark[]) => Math.max(1, ...versions.map((v) => v.version));

/** How a publish at `version` selects endpoints: those pinned to a version in `pinned` (null:
 * the type has a single line, so every subscribed endpoint receives it), and whether endpoints
 * without a pin receive it (the message is in the latest line). */
export interface Audience {
  pinned: Line | null;
  unpinned: boolean;
}

export function audienceOf(versions: VersionMark[], version: number): Audience {
  const line = lineOf(versions, version);
  const latest = latestVersion(versions);
  const singleLine = line.first === 1 && line.last >= latest;
  return { pinned: singleLine ? null : line, unpinned: line.last >= latest };
}

/** Whether an endpoint that receives `eventType` at `receiving` (its pin, or the latest) gets a
 * message published at `version`. The SQL of publish.ts says the same for many endpoints at once. */
export function receives(versions: VersionMark[], version: number, pin: number | undefined): boolean {
  const { first, last } = lineOf(versions, version);
  const receiving = pin ?? latestVersion(versions);
  return receiving >= first && receiving <= last;
}
