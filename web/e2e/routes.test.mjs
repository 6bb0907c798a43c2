// Visits every route of the app, signed out and signed in, and fails on console errors, page
// errors, failed requests or HTTP errors. Saves screenshots of the main pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  apiSignup,
  launchBrowser,
  shot,
  startSyntera,
  uiLogin,
  uniqueEmail,
  watchPage,
} from "./harness.mjs";

const PUBLIC_ROUTES = [
  "/login",
  "/signup",
  "/forgot-password",
  "/reset-password",
  "/accept-invitation",
  "/verify-email",
];
const APP_ROUTES = [
  "/",
  "/inbox",
  "/contacts",
  "/contacts/123",
  "/companies",
  "/deals",
  "/tasks",
  "/agents",
  "/knowledge",
  "/workflows",
  "/analytics",
  "/settings",
  "/settings/profile",
  "/settings/password",
  "/settings/team",
  "/settings/api-keys",
  "/settings/organization",
  "/no-such-page",
];

let server, browser;
before(async () => {
  server = await startSyntera();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const slug = (path) => (path === "/" ? "home" : path.slice(1).replaceAll("/", "-"));

test("every public route renders without errors", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const problems = watchPage(page, ["/auth/verify-email/confirm"]);
  for (const path of PUBLIC_ROUTES) {
    await page.goto(server.url + path);
    await page.getByRole("heading").first().waitFor();
    await page.waitForLoadState("networkidle");
  }
  assert.deepEqual(problems, []);
  await ctx.close();
});

test("every app route renders without errors, in light, dark and mobile layouts", async () => {
  const email = uniqueEmail("routes");
  await apiSignup(server.apiUrl, { email, name: "Route Walker", org: "Walkers Ltd" });
  for (const mode of [
    { name: "light", viewport: { width: 1280, height: 800 }, colorScheme: "light" },
    { name: "dark", viewport: { width: 1280, height: 800 }, colorScheme: "dark" },
    { name: "mobile", viewport: { width: 390, height: 844 }, colorScheme: "light" },
  ]) {
    const ctx = await browser.newContext({
      viewport: mode.viewport,
      colorScheme: mode.colorScheme,
    });
    const page = await ctx.newPage();
    const problems = watchPage(page);
    await uiLogin(page, server.url, email);
    for (const path of APP_ROUTES) {
      await page.goto(server.url + path);
      await page
        .locator("main h1")
        .first()
        .waitFor({ timeout: 10_000 })
        .catch((e) => {
          throw new Error(`${mode.name} ${path}: no page heading (${e.message})`);
        });
      await page.waitForLoadState("networkidle");
      assert.equal(
        await page.locator("[aria-label='Loading page']").count(),
        0,
        `${path} still loading`,
      );
      if (mode.name === "light" || ["/", "/settings/team"].includes(path))
        await shot(page, `${mode.name}-${slug(path)}`);
    }
    if (mode.name === "mobile") {
      await page.getByRole("button", { name: "Open navigation" }).click();
      await page
        .getByRole("dialog", { name: "Navigation" })
        .getByRole("link", { name: "Deals" })
        .click();
      await page.getByRole("heading", { name: "Deals" }).waitFor();
    }
    assert.deepEqual(problems, [], `${mode.name}: ${problems.join("\n")}`);
    await ctx.close();
  }
});

test("the theme can be switched from the user menu and is remembered", async () => {
  const email = uniqueEmail("theme");
  await apiSignup(server.apiUrl, { email });
  const ctx = await browser.newContext({ colorScheme: "light" });
  const page = await ctx.newPage();
  await uiLogin(page, server.url, email);
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  assert.equal(
    await page.evaluate(() => document.documentElement.classList.contains("dark")),
    true,
  );
  await page.reload();
  await page.getByRole("heading", { name: /^Welcome/ }).waitFor();
  assert.equal(
    await page.evaluate(() => document.documentElement.classList.contains("dark")),
    true,
  );
  await ctx.close();
});
