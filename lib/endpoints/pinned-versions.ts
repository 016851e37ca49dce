// An endpoint's pinned event type versions must name versions that exist, of types it receives.
import { validationFailed } from "../errors";
import { db } from "../db/client";

/** 422 unless every pin names an existing version of a type the endpoint subscribes to (or any
 * type, when it takes every type). */
export async function checkPinnedVersions(pins: Record<string, number>, eventTypes: string[]): Promise<void> {
  const names = Object.keys(pins);
  if (names.length === 0) return;
  const problems: { path: string; message: string }[] = [];
  const subscribed = new Set(eventTypes);
  const types = await db().eventType.findMany({ where: { name: { in: names } }, select: { name: true, versions: { select: { version: true } } } });
  const versionsOf = new Map(types.map((t) => [t.name, new Set(t.versions.map((v) => v.version))]));
  for (const [name, version] of Object.entries(pins)) {
    const path = `pinnedVersions.${name}`;
    if (!versionsOf.has(name)) problems.push({ path, message: `unknown event type "${name}"` });
    else if (eventTypes.length > 0 && !subscribed.has(name)) problems.push({ path, message: `the endpoint does not receive "${name}"` });
    else if (!versionsOf.get(name)!.has(version)) problems.push({ path, message: `"${name}" has no version ${version}` });
  }
  if (problems.length) throw validationFailed(`pinnedVersions: ${problems.map((p) => p.message).join("; ")}`, problems);
}
