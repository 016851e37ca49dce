// deploy/compose.yaml and the Dockerfile refer to files, settings and commands of this repository:
// when those move or are renamed, this fails (the images themselves cannot be run here; README
// "Operating Hookyard → Container" says how the image was checked).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

const root = path.resolve(import.meta.dirname, "../../..");
const deploy = path.join(root, "deploy");
const compose = parseYaml(readFileSync(path.join(deploy, "compose.yaml"), "utf8"), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string>; command?: string[]; profiles?: string[]; volumes?: string[]; deploy?: { replicas: unknown }; build?: { context: string; dockerfile: string } }>;
};
const envSource = readFileSync(path.join(root, "lib/env.ts"), "utf8");

describe("deploy/compose.yaml", () => {
  it("runs PostgreSQL, the web server and workers, with Inngest and monitoring as profiles", () => {
    const { services } = compose;
    expect(Object.keys(services).sort()).toEqual(["grafana", "inngest", "postgres", "prometheus", "redis", "web", "worker"]);
    for (const name of ["postgres", "web", "worker"]) expect(services[name].profiles, name).toBeUndefined();
    expect(services.inngest.profiles).toEqual(["inngest"]);
    expect(services.redis.profiles).toEqual(["inngest"]);
    expect(services.prometheus.profiles).toEqual(["monitoring"]);
    expect(services.grafana.profiles).toEqual(["monitoring"]);
    expect(services.worker.deploy?.replicas).toBe("${HOOKYARD_WORKER_REPLICAS:-2}");
  });

  it("gives the web server and the workers only settings Hookyard reads, and the right roles", () => {
    const { web, worker } = compose.services;
    expect(web.environment?.HOOKYARD_EXTERNAL_WORKERS).toBe("true");
    expect(worker.command).toEqual(["node", "--conditions=react-server", "--import", "tsx", "scripts/worker.ts"]);
    expect(existsSync(path.join(root, "scripts/worker.ts"))).toBe(true);
    for (const service of [web, worker]) {
      for (const name of Object.keys(service.environment ?? {})) expect(envSource, `${name} is not in lib/env.ts`).toContain(`${name}:`);
    }
    expect(worker.environment?.HOOKYARD_HEALTH_URL).toBe(`http://127.0.0.1:${worker.environment?.HOOKYARD_WORKER_PORT}/health`);
    expect(web.build).toEqual({ context: "..", dockerfile: "Dockerfile" });
  });

  it("mounts files that exist", () => {
    const mounts = Object.values(compose.services).flatMap((s) => s.volumes ?? []).filter((v) => v.startsWith("./"));
    const generatedBySomeone = ["./prometheus/metrics-token"]; // the operator writes it (README)
    for (const mount of mounts) {
      const source = mount.split(":")[0];
      if (!generatedBySomeone.includes(source)) expect(existsSync(path.join(deploy, source)), source).toBe(true);
    }
    expect(mounts.length).toBeGreaterThanOrEqual(5);
  });
});

describe("Dockerfile", () => {
  const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8");

  it("builds in stages and runs as an unprivileged user under tini, with a health check", () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(3);
    expect(dockerfile).toMatch(/^USER hookyard$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["tini", "--"\]$/m);
    const healthcheck = /^HEALTHCHECK .* CMD \["node", "(scripts\/[a-z-]+\.mjs)"\]$/m.exec(dockerfile);
    expect(healthcheck).not.toBeNull();
    expect(existsSync(path.join(root, healthcheck![1]))).toBe(true);
  });

  it("starts the launcher, which applies migrations before the server", () => {
    expect(dockerfile).toMatch(/^CMD \["node", "--conditions=react-server", "--import", "tsx", "scripts\/start.ts", "start"\]$/m);
  });
});
