"use client";
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from "react";

/** How far below the top of the list still counts as "at the top". */
const TOP_SLACK_PX = 8;

/**
 * Keeps a live, newest-first list from moving under its reader. Rows newer than the newest one the
 * reader has been shown are held back while the list's top is scrolled out of view; `held` says
 * how many wait, and `showHeld` shows them (GitHub's and Stripe's "N new" bar). At the top, new rows
 * come in as they arrive. Ids are time-ordered, so "newer" is a string comparison.
 */
export function useHeldBackRows<T extends { id: string }>(rows: T[], resetKey: string): {
  listRef: RefObject<HTMLDivElement | null>;
  shown: T[];
  held: number;
  showHeld: () => void;
} {
  const listRef = useRef<HTMLDivElement>(null);
  const [shownUpTo, setShownUpTo] = useState<{ key: string; id: string } | null>(null);
  const newest = rows[0]?.id;
  const anchor = shownUpTo?.key === resetKey ? shownUpTo.id : null;

  const atTop = useCallback(() => (listRef.current ? listRef.current.getBoundingClientRect().top >= -TOP_SLACK_PX : true), []);

  useEffect(() => {
    if (!newest) return;
    if (anchor === null || atTop()) setShownUpTo({ key: resetKey, id: newest });
  }, [newest, anchor, resetKey, atTop]);

  // Scrolling back up to the top lets the waiting rows in.
  useEffect(() => {
    if (!newest || anchor === null || newest <= anchor) return;
    const onScroll = () => {
      if (atTop()) setShownUpTo({ key: resetKey, id: newest });
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, [newest, anchor, resetKey, atTop]);

  // While rows are held, the loaded pages (a fixed number of rows, newest first) lose as many old
  // rows at their end as they gained new ones at the top: those stay on screen, as last read, so
  // nothing the reader has in view disappears either.
  const retained = useRef(new Map<string, T>());
  const shown = useMemo(() => {
    if (anchor === null) return rows;
    const fresh = rows.filter((r) => r.id <= anchor);
    const kept = retained.current;
    if (fresh.length === rows.length) kept.clear();
    for (const r of fresh) kept.set(r.id, r);
    return [...kept.values()].sort((a, b) => (a.id < b.id ? 1 : -1));
  }, [rows, anchor]);
  useEffect(() => retained.current.clear(), [resetKey]);
  const held = anchor === null ? 0 : rows.filter((r) => r.id > anchor).length;
  return {
    listRef,
    shown,
    held,
    showHeld: () => {
      if (newest) setShownUpTo({ key: resetKey, id: newest });
      listRef.current?.scrollIntoView({ block: "start", behavior: "smooth" });
    },
  };
}
