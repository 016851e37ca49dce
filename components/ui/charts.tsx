"use client";
// Small dependency-free SVG charts: the operator overview, an endpoint's activity. The SVG is drawn
// at the width it is shown at (measured), so text stays readable from a phone to a wide screen.
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { OverviewJson } from "@/lib/schemas/stats";

type Point = OverviewJson["series"][number];

const H = 200;
const PAD = { top: 10, right: 8, bottom: 24, left: 52 };

/**
 * The chart's box: as wide as its column and never wider — the SVG is drawn inside it, absolutely
 * positioned, so it cannot hold the column open when the window narrows — and redrawn at the
 * measured width. Hovering (or touching) a point shows its figures.
 */
function Measured({ children, label, points, describe }: { children: (width: number) => ReactNode; label: string; points: number; describe: (i: number) => ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<number | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const slot = (width - PAD.left - PAD.right) / Math.max(points, 1);
  const pick = (clientX: number) => {
    const box = ref.current?.getBoundingClientRect();
    if (!box || points === 0) return;
    const i = Math.floor((clientX - box.left - PAD.left) / slot);
    setHover(i >= 0 && i < points ? i : null);
  };
  const tipLeft = hover === null ? 0 : Math.min(Math.max(PAD.left + (hover + 0.5) * slot, 80), width - 80);
  return (
    <div
      ref={ref}
      className="relative w-full min-w-0"
      style={{ height: H }}
      role="img"
      aria-label={label}
      onPointerMove={(e) => pick(e.clientX)}
      onPointerDown={(e) => pick(e.clientX)}
      onPointerLeave={() => setHover(null)}
    >
      {width > 0 && <div className="absolute inset-0">{children(width)}</div>}
      {hover !== null && width > 0 && (
        <>
          <div className="pointer-events-none absolute top-2.5 w-px bg-slate-400/60" style={{ left: PAD.left + (hover + 0.5) * slot, height: H - PAD.top - PAD.bottom }} aria-hidden />
          <div
            data-testid="chart-tooltip"
            className="pointer-events-none absolute top-0 z-10 -translate-x-1/2 rounded-md bg-slate-900 px-2.5 py-1.5 text-xs whitespace-nowrap text-slate-50 shadow-lg"
            style={{ left: tipLeft }}
            aria-hidden
          >
            {describe(hover)}
          </div>
        </>
      )}
    </div>
  );
}

const timeFmt = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit" });
const dayTimeFmt = new Intl.DateTimeFormat("en", { weekday: "short", hour: "2-digit", minute: "2-digit" });

/** Points an hour apart (windows over a day) are labelled with their day too. */
const formatPoint = (series: Point[], minute: string) =>
  (series.length > 1 && Date.parse(series[1].minute) - Date.parse(series[0].minute) >= 3_600_000 ? dayTimeFmt : timeFmt).format(new Date(minute));

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(v));
  const n = v / pow;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * pow;
}

function Axes({ W, max, series, unit = "" }: { W: number; max: number; series: Point[]; unit?: string }) {
  const innerH = H - PAD.top - PAD.bottom;
  const ticks = [0, max / 2, max];
  const labels = series.length > 1 ? (W < 400 ? [0, series.length - 1] : [0, Math.floor((series.length - 1) / 2), series.length - 1]) : [0];
  const x = (i: number) => PAD.left + ((W - PAD.left - PAD.right) * (i + 0.5)) / Math.max(series.length, 1);
  return (
    <g className="text-[11px]" fill="currentColor">
      {ticks.map((t) => {
        const y = PAD.top + innerH - (t / max) * innerH;
        return (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} className="stroke-slate-200" strokeDasharray={t === 0 ? undefined : "3 3"} />
            <text x={PAD.left - 6} y={y + 3} textAnchor="end" className="fill-slate-500">
              {Number.isInteger(t) ? t : t.toFixed(1)}
              {unit}
            </text>
          </g>
        );
      })}
      {series.length > 0 &&
        labels.map((i) => (
          <text key={i} x={x(i)} y={H - 6} textAnchor={i === 0 ? "start" : i === series.length - 1 ? "end" : "middle"} className="fill-slate-500">
            {formatPoint(series, series[i].minute)}
          </text>
        ))}
    </g>
  );
}

/** Attempts (or, with `noun`, deliveries) per minute or hour: succeeded stacked under failed. */
export function DeliveriesChart({ series, per = "minute", noun = "attempts" }: { series: Point[]; per?: "minute" | "hour"; noun?: "attempts" | "deliveries" }) {
  const total = series.reduce((s, p) => s + p.succeeded + p.failed, 0);
  const failed = series.reduce((s, p) => s + p.failed, 0);
  return (
    <Measured
      label={`${noun === "attempts" ? "Attempts" : "Deliveries"} per ${per}: ${total} ${noun}, ${failed} failed`}
      points={series.length}
      describe={(i) => (
        <>
          <span className="font-medium">{formatPoint(series, series[i].minute)}</span> · {series[i].succeeded} succeeded · {series[i].failed} failed
        </>
      )}
    >
      {(W) => <DeliveriesSvg W={W} series={series} />}
    </Measured>
  );
}

function DeliveriesSvg({ W, series }: { W: number; series: Point[] }) {
  const max = niceMax(Math.max(0, ...series.map((p) => p.succeeded + p.failed)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(series.length, 1);
  const bar = Math.max(1, slot * 0.7);
  return (
    <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} className="text-slate-500" aria-hidden>
      <Axes W={W} max={max} series={series} />
      {series.map((p, i) => {
        const x = PAD.left + i * slot + (slot - bar) / 2;
        const hs = (p.succeeded / max) * innerH;
        const hf = (p.failed / max) * innerH;
        const base = PAD.top + innerH;
        return (
          <g key={p.minute}>
            {hs > 0 && <rect x={x} y={base - hs} width={bar} height={hs} className="fill-emerald-500" />}
            {hf > 0 && <rect x={x} y={base - hs - hf} width={bar} height={hf} className="fill-rose-500" />}
            <rect x={PAD.left + i * slot} y={PAD.top} width={slot} height={innerH} fill="transparent" />
          </g>
        );
      })}
    </svg>
  );
}

/** p50 and p95 attempt latency per minute or hour (gaps where nothing was attempted). */
export function LatencyChart({ series, per = "minute" }: { series: Point[]; per?: "minute" | "hour" }) {
  return (
    <Measured
      label={`Attempt latency per ${per}, p50 and p95`}
      points={series.length}
      describe={(i) => (
        <>
          <span className="font-medium">{formatPoint(series, series[i].minute)}</span> ·{" "}
          {series[i].p50 === null ? "no attempts" : `p50 ${series[i].p50} ms · p95 ${series[i].p95} ms`}
        </>
      )}
    >
      {(W) => <LatencySvg W={W} series={series} />}
    </Measured>
  );
}

function LatencySvg({ W, series }: { W: number; series: Point[] }) {
  const max = niceMax(Math.max(0, ...series.map((p) => p.p95 ?? 0)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (innerW * (i + 0.5)) / Math.max(series.length, 1);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const path = (key: "p50" | "p95") => {
    let d = "";
    let pen = false;
    series.forEach((p, i) => {
      const v = p[key];
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  const dots = (key: "p50" | "p95", cls: string) =>
    series.map((p, i) => (p[key] === null ? null : <circle key={`${key}-${p.minute}`} cx={x(i)} cy={y(p[key]!)} r={series.length > 120 ? 1 : 2} className={cls} />));
  return (
    <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} className="text-slate-500" aria-hidden>
      <Axes W={W} max={max} series={series} unit=" ms" />
      <path d={path("p95")} fill="none" className="stroke-amber-500" strokeWidth={2} />
      <path d={path("p50")} fill="none" className="stroke-indigo-600" strokeWidth={2} />
      {dots("p95", "fill-amber-500")}
      {dots("p50", "fill-indigo-600")}
    </svg>
  );
}

export function Legend({ items }: { items: { label: string; className: string }[] }) {
  return (
    <ul className="flex flex-wrap gap-4 text-xs text-slate-600">
      {items.map((i) => (
        <li key={i.label} className="flex items-center gap-1.5">
          <span className={`size-2.5 rounded-sm ${i.className}`} aria-hidden />
          {i.label}
        </li>
      ))}
    </ul>
  );
}
