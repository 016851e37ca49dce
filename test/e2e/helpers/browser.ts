// Debian's Chromium driven by playwright-core, for the dashboard tests: launch it, open pages on
// the test server, wait for what a user would see, and save a screenshot of every page visited.
// playwright-core has no test runner or `expect`; Playwright's locators auto-wait for actions, and
// `waitVisible`/`expectText` below poll for assertions.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
export const SCREENSHOT_DIR = path.join(root, "test/e2e/screenshots");
const DOCS_DIR = path.join(root, "docs/screenshots");

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumInstalled = existsSync(CHROMIUM_PATH);

/** How long a user-visible outcome may take on a loaded 2-core machine. */
export const UI_TIMEOUT = 30_000;

export function launchBrowser(): Promise<Browser> {
  // Playwright gives every launch a fresh temporary --user-data-dir and removes it on close.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors seen on the page (network 404s excluded). */
  errors: string[];
}

/** A new browser context (its own cookies: one signed-in user) with one page on `baseURL`. */
export async function openSession(browser: Browser, baseURL: string, viewport = { width: 1280, height: 800 }): Promise<Session> {
  const context = await browser.newContext({ baseURL, viewport, deviceScaleFactor: 1, locale: "en-US", timezoneId: "UTC" });
  context.setDefaultTimeout(UI_TIMEOUT);
  context.setDefaultNavigationTimeout(60_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    // The not-found page answers 404, which Chromium reports as a failed resource load.
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) errors.push(`console: ${msg.text()}`);
  });
  return { context, page, errors };
}

/**
 * Saves the page to test/e2e/screenshots/<name>.png (the whole page unless `fullPage: false`);
 * `name` may include a folder, one per test file.
 */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  mkdirSync(path.dirname(file), { recursive: true });
  await settle(page);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? true, animations: "disabled" });
}

/**
 * The README's copies (docs/screenshots/<name>.png, the 1280x800 viewport) — written only when
 * HOOKYARD_DOCS_SCREENSHOTS=1, so an ordinary test run does not rewrite committed files.
 */
export async function docsScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.HOOKYARD_DOCS_SCREENSHOTS !== "1") return;
  mkdirSync(DOCS_DIR, { recursive: true });
  await settle(page);
  // Toasts are about the moment the test clicked something, not about the page.
  await page.screenshot({ path: path.join(DOCS_DIR, `${name}.png`), fullPage: false, animations: "disabled", style: "[data-testid=toast]{visibility:hidden}" });
}

/**
 * Waits until no "Loading…" status is on screen, so screenshots show content, not spinners, and
 * scrolls to the top (a full-page capture draws the sticky sidebar where the page is scrolled to).
 */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  // Between two polls the network goes quiet; give the page's first queries that long to answer.
  await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
  await page.getByRole("status").filter({ hasText: /^Loading/ }).first().waitFor({ state: "detached", timeout: UI_TIMEOUT }).catch(() => {});
}

/** Waits for the first match to be visible (fails the test after the timeout). */
export async function waitVisible(locator: Locator, timeout = UI_TIMEOUT): Promise<Locator> {
  const first = locator.first();
  await first.waitFor({ state: "visible", timeout });
  return first;
}

/** Polls the locator's text until it matches. */
export async function expectText(locator: Locator, expected: string | RegExp, timeout = UI_TIMEOUT): Promise<void> {
  const read = () => locator.first().innerText({ timeout: 2_000 }).catch(() => "");
  if (typeof expected === "string") await expect.poll(read, { timeout, interval: 250 }).toContain(expected);
  else await expect.poll(read, { timeout, interval: 250 }).toMatch(expected);
}

/** Waits for a URL path (regex against the pathname). */
export async function waitForPath(page: Page, pattern: RegExp, timeout = 60_000): Promise<void> {
  await page.waitForURL((url) => pattern.test(url.pathname), { timeout });
}
