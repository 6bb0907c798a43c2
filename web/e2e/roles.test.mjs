// Route guards by role: a viewer sees the team and the organization but no edit controls, and
// cannot open API keys.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  PASSWORD,
  addTeamMember,
  apiSignup,
  launchBrowser,
  shot,
  startSyntera,
  uiLogin,
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

test("a viewer cannot see edit controls", async () => {
  const owner = await apiSignup(server.apiUrl, {
    email: uniqueEmail("owner"),
    org: "Viewer Test Org",
  });
  const viewerEmail = uniqueEmail("viewer");
  await addTeamMember(server, owner.access_token, {
    email: viewerEmail,
    role: "viewer",
    name: "Vera Viewer",
  });

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const problems = watchPage(page);
  await uiLogin(page, server.url, viewerEmail);
  await page.getByTestId("current-role").getByText("viewer").waitFor();

  await page.goto(`${server.url}/settings/team`);
  await page.getByTestId("member-row").nth(1).waitFor();
  assert.equal(await page.getByRole("button", { name: "Invite member" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: "Remove" }).count(), 0);
  assert.equal(await page.getByRole("combobox").count(), 0, "no role selects");
  assert.equal(await page.getByText("Invitations").count(), 0);
  assert.equal(await page.getByRole("link", { name: "API keys" }).count(), 0);
  await shot(page, "viewer-team");

  await page.goto(`${server.url}/settings/organization`);
  await page.getByText("Only owners and admins can change these settings.").waitFor();
  assert.equal(await page.getByLabel("Name").getAttribute("readonly"), "");
  assert.equal(await page.getByRole("button", { name: "Save" }).count(), 0);

  await page.goto(`${server.url}/settings/api-keys`);
  await page.getByText("You don't have access to this page").waitFor();
  assert.deepEqual(problems, []);
  await ctx.close();
});

test("signed-out visitors are sent to login and back to where they were going", async () => {
  const email = uniqueEmail("back");
  await apiSignup(server.apiUrl, { email });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${server.url}/settings/password`);
  await page.waitForURL(/\/login\?next=%2Fsettings%2Fpassword$/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Change password" }).waitFor();
  // Sign out from the user menu: back to login, and the stored refresh token is gone.
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL(/\/login$/);
  assert.equal(await page.evaluate(() => localStorage.getItem("syntera.refresh_token")), null);
  await ctx.close();
});
