// The team golden path: sign up → invite a member → the invitation email (outbox) → accept in a
// second browser context → the member sees the dashboard; plus API keys shown once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  PASSWORD,
  launchBrowser,
  lastEmailTo,
  shot,
  startSyntera,
  tokenIn,
  uniqueEmail,
  watchPage,
} from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startSyntera();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("sign up, invite a member, accept by email, the member sees the dashboard", async () => {
  const ownerEmail = uniqueEmail("owner");
  const memberEmail = uniqueEmail("member");
  const owner = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await owner.newPage();
  const problems = watchPage(page);

  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/login$/);
  await shot(page, "login");
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Your name").fill("Ada Lovelace");
  await page.getByLabel("Work email").fill(ownerEmail);
  await page.getByLabel("Organization name").fill("Analytical Engines");
  await page.getByLabel("Password").fill(PASSWORD);
  await shot(page, "signup");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Welcome, Ada" }).waitFor();
  await page.getByText("Please confirm your email address").waitFor();
  await page.getByTestId("member-count").getByText("1").waitFor();
  await shot(page, "dashboard");

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Settings" })
    .click();
  await page
    .getByRole("navigation", { name: "Settings" })
    .getByRole("link", { name: "Team", exact: true })
    .click();
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(memberEmail);
  await dialog.getByLabel("Role").selectOption("member");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await page.getByTestId("toast").filter({ hasText: "Invitation sent" }).waitFor();
  await page
    .getByTestId("invitation-row")
    .filter({ hasText: memberEmail })
    .getByText("pending")
    .waitFor();
  await shot(page, "team");

  const email = await lastEmailTo(server.dataDir, memberEmail);
  assert.match(email.body_text, /\/accept-invitation\?token=/);
  const token = tokenIn(email.body_text);

  const memberCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const mpage = await memberCtx.newPage();
  const mproblems = watchPage(mpage);
  await mpage.goto(`${server.url}/accept-invitation?token=${encodeURIComponent(token)}`);
  await mpage.getByLabel("Your name").fill("Grace Hopper");
  await mpage.getByLabel("Choose a password").fill(PASSWORD);
  await shot(mpage, "accept-invitation");
  await mpage.getByRole("button", { name: "Join" }).click();
  await mpage.getByRole("heading", { name: "Welcome, Grace" }).waitFor();
  await mpage.getByTestId("org-switcher").getByText("Analytical Engines").waitFor();
  await mpage.getByTestId("current-role").getByText("member").waitFor();
  // A member sees the team but cannot manage it.
  await mpage.goto(`${server.url}/settings/team`);
  await mpage.getByTestId("member-row").nth(1).waitFor();
  assert.equal(await mpage.getByRole("button", { name: "Invite member" }).count(), 0);

  // The owner sees the new member and the accepted invitation after a reload.
  await page.reload();
  await page.getByTestId("member-row").filter({ hasText: "Grace Hopper" }).waitFor();
  await page
    .getByTestId("invitation-row")
    .filter({ hasText: memberEmail })
    .getByText("accepted")
    .waitFor();

  // The owner makes Grace an admin; she sees the change on her next page.
  await page.getByLabel("Role of Grace Hopper").selectOption("admin");
  await page.getByTestId("toast").filter({ hasText: "Grace Hopper is now admin" }).waitFor();
  await mpage.reload();
  await mpage.getByTestId("current-role").getByText("admin").waitFor();
  await mpage.getByRole("button", { name: "Invite member" }).waitFor();

  assert.deepEqual(problems, []);
  assert.deepEqual(mproblems, []);
  await memberCtx.close();
  await owner.close();
});

test("an API key's secret is shown once, listed by prefix, and revoked after confirmation", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const problems = watchPage(page);
  await page.goto(`${server.url}/signup`);
  await page.getByLabel("Your name").fill("Key Keeper");
  await page.getByLabel("Work email").fill(uniqueEmail("keys"));
  await page.getByLabel("Organization name").fill("Keys Inc");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: /^Welcome/ }).waitFor();

  await page.goto(`${server.url}/settings/api-keys`);
  await page.getByText("No API keys yet").waitFor();
  await page.getByRole("button", { name: "Create API key" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("CRM sync");
  await page.getByRole("dialog").getByRole("button", { name: "Create key" }).click();
  const secret = await page.getByTestId("api-key-secret").inputValue();
  assert.match(secret, /^sk_/);
  await shot(page, "api-key-created");
  await page.getByRole("button", { name: "Done" }).click();
  const row = page.getByTestId("api-key-row").filter({ hasText: "CRM sync" });
  await row.waitFor();
  assert.ok(!(await page.content()).includes(secret), "the secret is not shown again");
  const me = await fetch(`${server.url}/api/v1/me`, {
    headers: { Authorization: `Bearer ${secret}` },
  });
  assert.equal(me.status, 200);
  await shot(page, "api-keys");

  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await row.getByText("Revoked").waitFor();
  const after = await fetch(`${server.url}/api/v1/me`, {
    headers: { Authorization: `Bearer ${secret}` },
  });
  assert.equal(after.status, 401);
  assert.deepEqual(problems, []);
  await ctx.close();
});
