// The example alert rules (deploy/prometheus/alerts.yml) and the Grafana dashboard
// (deploy/grafana/hookyard-dashboard.json) must keep working as metrics change: every expression
// parses as PromQL (Prometheus's own grammar) and every metric and label it names is one Hookyard
// exports.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { databaseGaugeRegistries } from "../../../lib/delivery/database-gauges";
import { metrics } from "../../../lib/observability/metrics";

const root = path.resolve(import.meta.dirname, "../../..");
/** Labels Prometheus adds to every series it scrapes. */
const TARGET_LABELS = ["job", "instance"];
/** Series Prometheus makes itself. */
const PROMETHEUS_SERIES: Record<string, string[]> = { up: [] };

/** Every series name Hookyard exports, with its label names. */
function exportedSeries(): Map<string, Set<string>> {
  const series = new Map<string, Set<string>>();
  for (const registry of [metrics().registry, ...databaseGaugeRegistries()]) {
    for (const metric of registry.getMetricsAsArray()) {
      const m = metric as unknown as { name: string; labelNames: string[]; type?: string; get?: unknown };
      const labels = new Set(["process", ...(m.labelNames ?? []), ...TARGET_LABELS]);
      const type = (metric as unknown as { type: string }).type;
      if (type === "histogram") {
        series.set(`${m.name}_bucket`, new Set([...labels, "le"]));
        series.set(`${m.name}_sum`, labels);
        series.set(`${m.name}_count`, labels);
      } else series.set(m.name, labels);
    }
  }
  for (const [name, labels] of Object.entries(PROMETHEUS_SERIES)) series.set(name, new Set([...labels, ...TARGET_LABELS]));
  return series;
}

interface Problem {
  where: string;
  problem: string;
}

/** What is wrong with one expression: syntax errors, unknown metrics, unknown labels. */
function check(expr: string, where: string, series: Map<string, Set<string>>): Problem[] {
  const problems: Problem[] = [];
  const tree = parser.parse(expr);
  const selected: Set<string>[] = [];
  const grouping: string[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) problems.push({ where, problem: `syntax error at ${node.from}: …${expr.slice(node.from, node.from + 30)}` });
      if (node.name === "VectorSelector") {
        const id = node.node.getChild("Identifier");
        const name = id ? expr.slice(id.from, id.to) : "";
        const labels = series.get(name);
        if (!labels) problems.push({ where, problem: `unknown metric ${name}` });
        else selected.push(labels);
        const matchers = node.node.getChild("LabelMatchers");
        for (const matcher of matchers?.getChildren("UnquotedLabelMatcher") ?? []) {
          const label = matcher.getChild("LabelName")!;
          const labelName = expr.slice(label.from, label.to);
          if (labels && !labels.has(labelName)) problems.push({ where, problem: `${name} has no label ${labelName}` });
        }
      }
      if (node.name === "GroupingLabels") {
        for (const label of node.node.getChildren("LabelName")) grouping.push(expr.slice(label.from, label.to));
      }
    },
  });
  for (const label of grouping) {
    if (!selected.some((labels) => labels.has(label))) problems.push({ where, problem: `no metric of the expression has the label ${label}` });
  }
  return problems;
}

describe("deploy/prometheus/alerts.yml", () => {
  const file = parseYaml(readFileSync(path.join(root, "deploy/prometheus/alerts.yml"), "utf8")) as {
    groups: { name: string; rules: { alert: string; expr: string; for?: string; labels: Record<string, string>; annotations: Record<string, string> }[] }[];
  };
  const rules = file.groups.flatMap((g) => g.rules);

  it("has the rules the overview's backlog age and failing endpoints become", () => {
    const exprs = rules.map((r) => r.expr).join("\n");
    expect(exprs).toContain("hookyard_deliveries_due_oldest_age_seconds");
    expect(exprs).toContain("hookyard_endpoints_failing");
  });

  it("names only metrics and labels Hookyard exports, in expressions that parse", () => {
    const series = exportedSeries();
    const problems = rules.flatMap((r) => check(r.expr, r.alert, series));
    expect(problems).toEqual([]);
  });

  it("gives every rule a unique name, a severity and a summary", () => {
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
    for (const r of rules) {
      expect(["critical", "warning", "info"], r.alert).toContain(r.labels?.severity);
      expect(r.annotations?.summary, r.alert).toBeTruthy();
      if (r.for) expect(r.for, r.alert).toMatch(/^\d+[smhd]$/);
    }
  });
});

describe("deploy/grafana/hookyard-dashboard.json", () => {
  const dashboard = JSON.parse(readFileSync(path.join(root, "deploy/grafana/hookyard-dashboard.json"), "utf8"));
  const panels: { title: string; type: string; targets?: { expr: string }[]; gridPos: object }[] = dashboard.panels;

  it("names only metrics and labels Hookyard exports, in expressions that parse", () => {
    const series = exportedSeries();
    // Grafana's own variables, as Grafana substitutes them.
    const problems = panels.flatMap((p) => (p.targets ?? []).flatMap((t) => check(t.expr.replaceAll("$__rate_interval", "1m"), p.title, series)));
    expect(problems).toEqual([]);
    expect(panels.flatMap((p) => p.targets ?? []).length).toBeGreaterThan(20);
  });

  it("is a dashboard Grafana imports: a uid, a Prometheus data source variable, placed panels", () => {
    expect(dashboard.uid).toBe("hookyard-overview");
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: "datasource", type: "datasource", query: "prometheus" }));
    for (const p of panels) expect(p.gridPos, p.title).toMatchObject({ h: expect.any(Number), w: expect.any(Number), x: expect.any(Number), y: expect.any(Number) });
  });
});
