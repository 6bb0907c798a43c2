// A short access token (60 s, the minimum) must never sign a working user out: the client
// refreshes before expiry, one refresh at a time even with two tabs sharing the refresh token
// (reusing a rotated refresh token would revoke the whole session).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  apiSignup,
  launchBrowser,
  startSyntera,
  uiLogin,
  uniqueEmail,
  watchPage,
} from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startSyntera(["--access-token-ttl-seconds", "60"]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test(
  "two tabs stay signed in across several access-token lifetimes",
  { timeout: 180_000 },
  async () => {
    const email = uniqueEmail("session");
    await apiSignup(server.apiUrl, { email });
    const ctx = await browser.newContext();
    const a = await ctx.newPage();
    const problems = watchPage(a);
    await uiLogin(a, server.url, email);
    const b = await ctx.newPage();
    const problemsB = watchPage(b);
    await b.goto(`${server.url}/settings/team`);
    await b.getByTestId("member-row").first().waitFor();
    const first = await a.evaluate(() => localStorage.getItem("syntera.refresh_token"));

    await a.waitForTimeout(75_000); // past the first access token's expiry

    for (const page of [a, b]) {
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Settings" })
        .click();
      await page
        .getByRole("navigation", { name: "Settings" })
        .getByRole("link", { name: "Organization" })
        .click();
      await page.getByRole("heading", { name: "Organization" }).waitFor();
      // The organization loaded into the form (the value property; RHF need not set the attribute).
      const name = page.getByLabel("Name").first();
      await name.waitFor();
      for (let i = 0; (await name.inputValue()) === "" && i < 100; i++)
        await page.waitForTimeout(100);
      assert.notEqual(
        await name.inputValue(),
        "",
        `the organization name is shown (what the pages saw: ${JSON.stringify([...problems, ...problemsB])})`,
      );
      assert.doesNotMatch(page.url(), /\/login/);
    }
    const rotated = await a.evaluate(() => localStorage.getItem("syntera.refresh_token"));
    assert.ok(rotated && rotated !== first, "the refresh token was rotated");
    // The rotated token still works (the family was not revoked by a reuse).
    const r = await fetch(`${server.apiUrl}/api/v1/auth/refresh`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: rotated }),
    });
    assert.equal(r.status, 200);
    assert.deepEqual(problems, []);
    assert.deepEqual(problemsB, []);
    await ctx.close();
  },
);
