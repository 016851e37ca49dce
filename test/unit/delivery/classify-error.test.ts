import { describe, expect, it } from "vitest";
import { classifyError } from "../../../lib/delivery/classify-error";

const withCode = (code: string, message = `boom ${code}`, name = "Error") => Object.assign(new Error(message), { code, name });

describe("classifyError", () => {
  it.each([
    ["ECONNREFUSED", "connection_refused"],
    ["ENOTFOUND", "dns"],
    ["EAI_AGAIN", "dns"],
    ["UND_ERR_CONNECT_TIMEOUT", "timeout"],
    ["UND_ERR_HEADERS_TIMEOUT", "timeout"],
    ["UND_ERR_BODY_TIMEOUT", "timeout"],
    ["ETIMEDOUT", "timeout"],
    ["CERT_HAS_EXPIRED", "tls"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "tls"],
    ["SELF_SIGNED_CERT_IN_CHAIN", "tls"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "tls"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "tls"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "tls"],
    ["EPROTO", "tls"],
    ["HOOKYARD_BLOCKED", "blocked"],
    ["ECONNRESET", "other"],
    ["UND_ERR_SOCKET", "other"],
    ["EHOSTUNREACH", "other"],
  ])("%s → %s", (code, category) => {
    expect(classifyError(withCode(code)).category).toBe(category);
  });

  it("treats abort reasons as timeouts by name (DOMException codes are numbers)", () => {
    expect(classifyError(new DOMException("timed out", "TimeoutError")).category).toBe("timeout");
    expect(classifyError(new DOMException("aborted", "AbortError")).category).toBe("timeout");
  });

  it("looks inside causes and AggregateErrors", () => {
    const wrapped = new TypeError("fetch failed", { cause: withCode("ENOTFOUND") });
    expect(classifyError(wrapped).category).toBe("dns");
    const happyEyeballs = Object.assign(new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]), { code: "ECONNREFUSED" });
    expect(classifyError(happyEyeballs).category).toBe("connection_refused");
    const mixed = new AggregateError([withCode("ECONNREFUSED"), withCode("HOOKYARD_BLOCKED", "Refused to connect to ::1")]);
    expect(classifyError(mixed)).toEqual({ category: "blocked", message: "Refused to connect to ::1", code: "HOOKYARD_BLOCKED" });
  });

  it("gives readable messages", () => {
    expect(classifyError(withCode("ECONNRESET", "read ECONNRESET")).message).toMatch(/Connection reset by the server/);
    expect(classifyError(withCode("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1")).message).toBe(
      "Connection refused: connect ECONNREFUSED 127.0.0.1:1",
    );
    expect(classifyError(withCode("UND_ERR_CONNECT_TIMEOUT")).message).toMatch(/Timed out connecting/);
    const openSsl = "805CEC916A7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n";
    expect(classifyError(withCode("ERR_SSL_WRONG_VERSION_NUMBER", openSsl)).message).toBe("TLS error (ERR_SSL_WRONG_VERSION_NUMBER): wrong version number");
    expect(classifyError(withCode("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate")).message).toBe(
      "TLS error (DEPTH_ZERO_SELF_SIGNED_CERT): self-signed certificate",
    );
    expect(classifyError(withCode("ENOTFOUND", "getaddrinfo ENOTFOUND x.invalid")).message).toBe(
      "DNS lookup failed (ENOTFOUND): getaddrinfo ENOTFOUND x.invalid",
    );
  });

  it("copes with things that aren't errors", () => {
    expect(classifyError("a string")).toEqual({ category: "other", message: "a string", code: null });
    expect(classifyError(undefined)).toEqual({ category: "other", message: "undefined", code: null });
    expect(classifyError(new Error("plain")).message).toBe("plain");
  });
});
