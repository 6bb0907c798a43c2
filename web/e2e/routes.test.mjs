// Visits every route of the app, signed out and signed in, and fails on console errors, page
// errors, failed requests or HTTP errors. Saves screenshots of the main pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  apiCall,
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
  "/contacts/:contact",
  "/companies",
  "/companies/:company",
  "/deals",
  "/deals/:deal",
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
  "/settings/pipelines",
  "/settings/custom-fields",
  "/settings/widget",
  "/inbox/:conversation",
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

const slug = (path) =>
  path === "/" ? "home" : path.slice(1).replaceAll("/", "-").replaceAll(":", "");

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
  const owner = await apiSignup(server.apiUrl, {
    email,
    name: "Route Walker",
    org: "Walkers Ltd",
  });
  // Real records, so detail pages render their content (and a task with a due date).
  const call = (method, path, body) =>
    apiCall(server.apiUrl, owner.access_token, method, path, body);
  const company = await call("POST", "/companies", {
    name: "Walkers Supply",
    domain: "walk.example",
  });
  const contact = await call("POST", "/contacts", {
    first_name: "Rita",
    last_name: "Route",
    email: "rita@walk.example",
    company_id: company.id,
    tags: ["vip"],
  });
  await call("POST", `/contacts/${contact.id}/notes`, { body: "Met at **the fair**." });
  const pipeline = (await call("GET", "/pipelines")).data[0];
  const deal = await call("POST", "/deals", {
    title: "Walkers renewal",
    value: 250000,
    currency: "USD",
    pipeline_id: pipeline.id,
    stage: pipeline.stages[0].id,
    contact_id: contact.id,
    company_id: company.id,
  });
  await call("POST", "/tasks", {
    title: "Call Rita back",
    due_at: new Date(Date.now() + 86_400_000).toISOString(),
    contact_id: contact.id,
  });
  const conversation = await call("POST", "/conversations", {
    subject: "Route check",
    contact_id: contact.id,
    message: "Hello from the routes test",
  });
  const ids = {
    contact: contact.id,
    company: company.id,
    deal: deal.id,
    conversation: conversation.id,
  };
  const real = (path) => path.replace(/:(\w+)/, (_, k) => ids[k]);
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
      await page.goto(server.url + real(path));
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
