import { describe, expect, it } from "vitest";
import { formatRelative } from "@/components/ui/relative-time";

const now = Date.parse("2026-11-23T12:00:00Z");
const inSeconds = (s: number) => formatRelative(new Date(now + s * 1000), now);

describe("formatRelative", () => {
  it("says just now within ten seconds either way", () => {
    expect(inSeconds(0)).toBe("just now");
    expect(inSeconds(-9)).toBe("just now");
  });

  it("uses the largest unit the span reaches", () => {
    expect(inSeconds(-45)).toBe("45 seconds ago");
    expect(inSeconds(-5 * 60)).toBe("5 minutes ago");
    expect(inSeconds(3 * 3600)).toBe("in 3 hours");
    expect(inSeconds(-86400)).toBe("yesterday");
    expect(inSeconds(7 * 86400)).toBe("next week");
  });

  it("rounds a span a moment short of a unit up to it (a one-hour grace period read back two seconds later)", () => {
    expect(inSeconds(3598)).toBe("in 1 hour");
    expect(inSeconds(86400 - 30)).toBe("tomorrow");
    expect(inSeconds(50 * 60)).toBe("in 50 minutes");
  });
});
