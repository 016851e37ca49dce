// The logger's formats and its safety net: JSON lines in production, readable lines in
// development, and the field names that may hold credentials replaced wherever they appear.
import { describe, expect, it } from "vitest";
import { createLogger, errorFields } from "../../../lib/observability/log";
import { runInRequest } from "../../../lib/observability/request-context";

function collect(format: "json" | "pretty") {
  const lines: string[] = [];
  const log = createLogger({ role: "worker", fields: { worker: 2 }, level: "debug", format, write: (l) => lines.push(l) });
  return { log, lines };
}

describe("log lines", () => {
  it("are one JSON object each, naming the process, level and time", () => {
    const { log, lines } = collect("json");
    log.info({ deliveryId: "dlv_1" }, "attempt");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: "info", process: "worker", worker: 2, deliveryId: "dlv_1", msg: "attempt", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it("carry the request id and tenant of the request they were written in", () => {
    const { log, lines } = collect("json");
    runInRequest({ requestId: "req-1", tenantId: "ten_1" }, () => log.info("inside"));
    log.info("outside");
    expect(JSON.parse(lines[0])).toMatchObject({ requestId: "req-1", tenantId: "ten_1" });
    expect(JSON.parse(lines[1]).requestId).toBeUndefined();
  });

  it("are readable text in the pretty format", () => {
    const { log, lines } = collect("pretty");
    log.warn({ endpointId: "ep_1" }, "endpoint disabled");
    expect(lines[0]).toMatch(/WARN.*\[worker 2\] endpoint disabled/);
    expect(lines[0]).toContain('endpointId: "ep_1"');
    expect(() => JSON.parse(lines[0])).toThrow();
  });

  it("replace credentials under the names that hold them, at the top or one level down", () => {
    const { log, lines } = collect("json");
    log.info(
      {
        authorization: "Bearer hy_live_secret",
        headers: { "x-api-key": "custom-value" },
        secret: "whsec_abc",
        request: { password: "hunter2", cookie: "session=1", token: "inbox-token" },
      },
      "careless",
    );
    expect(lines[0]).not.toMatch(/hy_live_secret|custom-value|whsec_abc|hunter2|session=1|inbox-token/);
    expect(JSON.parse(lines[0])).toMatchObject({ authorization: "[redacted]", headers: "[redacted]", request: { password: "[redacted]" } });
  });

  it("describe an error by kind, code and first line: a database error's quoted values stay out", () => {
    const err = Object.assign(new Error('duplicate key value violates unique constraint\nDETAIL: Key (uid)=(secret-uid) already exists.'), { code: "23505" });
    const fields = errorFields(err);
    expect(fields).toMatchObject({ error: "duplicate key value violates unique constraint", errorType: "Error", errorCode: "23505" });
    expect(JSON.stringify(fields)).not.toContain("secret-uid");
  });
});
