// The CRM in the browser: contacts created through the UI (with validation errors from the
// form), search and bulk tagging, a note on the contact page, CSV import through the dialog
// (when the server has the import API), a deal dragged to another stage that stays there after
// reload, and a viewer who sees no edit controls. Screenshots go to e2e/artifacts and the main
// ones to docs/screenshots.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  ARTIFACTS,
  addTeamMember,
  apiCall,
  apiSignup,
  launchBrowser,
  shot,
  startSyntera,
  uiLogin,
  uniqueEmail,
  watchPage,
} from "./harness.mjs";

const DOCS_SHOTS = new URL("../../docs/screenshots/", import.meta.url).pathname;
let server, browser, owner, ownerEmail;
before(async () => {
  server = await startSyntera();
  browser = await launchBrowser();
  ownerEmail = uniqueEmail("crm-owner");
  owner = await apiSignup(server.apiUrl, {
    email: ownerEmail,
    name: "Olivia Owner",
    org: "CRM Co",
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const call = (method, path, body) => apiCall(server.apiUrl, owner.access_token, method, path, body);

function docsShot(name) {
  mkdirSync(DOCS_SHOTS, { recursive: true });
  copyFileSync(join(ARTIFACTS, `${name}.png`), join(DOCS_SHOTS, `${name}.png`));
}

/** Dismisses open toasts and moves focus away, for clean screenshots. */
async function tidy(page) {
  for (let i = 0; i < 10 && (await page.getByTestId("toast").count()) > 0; i++)
    await page.getByTestId("toast").first().getByRole("button", { name: "Dismiss" }).click();
  await page.evaluate(() => document.activeElement?.blur());
}

async function newPage() {
  const ctx = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const page = await ctx.newPage();
  return { ctx, page };
}

async function createContact(page, { first, last, email, tags = "" }) {
  await page.getByRole("button", { name: "New contact" }).click();
  const dialog = page.getByRole("dialog", { name: "New contact" });
  await dialog.getByLabel("First name").fill(first);
  await dialog.getByLabel("Last name").fill(last);
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Tags").fill(tags);
  await dialog.getByRole("button", { name: "Create contact" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByRole("link", { name: `${first} ${last}` }).waitFor();
}

test("contacts: create through the UI, validation, search, bulk tag, note on the contact page", async () => {
  const { ctx, page } = await newPage();
  // 409 / 400 answers are part of the scenario (duplicate email).
  const problems = watchPage(page, ["/api/v1/contacts"]);
  await uiLogin(page, server.url, ownerEmail);
  await page.getByRole("link", { name: "Contacts" }).first().click();
  await page.getByRole("heading", { name: "Contacts", exact: true }).waitFor();
  await page.getByText("No contacts yet").waitFor();

  // Client-side validation: a bad email never reaches the server.
  await page.getByRole("button", { name: "New contact" }).click();
  let dialog = page.getByRole("dialog", { name: "New contact" });
  await dialog.getByLabel("Email").fill("not-an-email");
  await dialog.getByRole("button", { name: "Create contact" }).click();
  await dialog.getByText("Enter a valid email address").waitFor();
  await page.keyboard.press("Escape");

  await createContact(page, {
    first: "Ada",
    last: "Lovelace",
    email: "ada@analytical.example",
    tags: "math",
  });
  await createContact(page, { first: "Grace", last: "Hopper", email: "grace@navy.example" });
  await createContact(page, { first: "Alan", last: "Turing", email: "alan@bletchley.example" });

  // A server-side conflict (duplicate email) is shown on the form.
  await page.getByRole("button", { name: "New contact" }).click();
  dialog = page.getByRole("dialog", { name: "New contact" });
  await dialog.getByLabel("First name").fill("Ada");
  await dialog.getByLabel("Email").fill("ada@analytical.example");
  await dialog.getByRole("button", { name: "Create contact" }).click();
  await dialog.getByText("A contact with this email or phone already exists").waitFor();
  await dialog.getByRole("button", { name: "Close" }).click();
  await dialog.waitFor({ state: "detached" });

  // Search as you type (debounced).
  await page.getByLabel("Search contacts").fill("grac");
  await page.waitForFunction(
    () => document.querySelectorAll("[data-testid=contact-row]").length === 1,
  );
  await page.getByRole("link", { name: "Grace Hopper" }).waitFor();
  await page.getByLabel("Search contacts").fill("");
  await page.waitForFunction(
    () => document.querySelectorAll("[data-testid=contact-row]").length >= 3,
  );

  // Bulk tag two contacts.
  await page.getByLabel("Select Grace Hopper").check();
  await page.getByLabel("Select Alan Turing").check();
  const bulk = page.getByRole("region", { name: "Bulk actions" });
  await bulk.getByText("2 selected").waitFor();
  await bulk.getByLabel("Tag").fill("pioneer");
  await bulk.getByRole("button", { name: "Add tag" }).click();
  await page.getByTestId("toast").filter({ hasText: "Tagged: 2 contacts" }).waitFor();
  await page.getByLabel("Filter by tag").fill("pioneer");
  await page.waitForFunction(
    () => document.querySelectorAll("[data-testid=contact-row]").length === 2,
  );
  await page.getByLabel("Filter by tag").fill("");
  await page.waitForFunction(
    () => document.querySelectorAll("[data-testid=contact-row]").length >= 3,
  );
  await page.waitForLoadState("networkidle");
  // CSV export of the list (same filters), when the server has it.
  const exp = await fetch(`${server.apiUrl}/api/v1/contacts/export.csv`, {
    headers: { Authorization: `Bearer ${owner.access_token}` },
  });
  if (exp.ok) {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const text = await (await import("node:fs/promises")).readFile(await download.path(), "utf8");
    assert.match(text, /ada@analytical\.example/);
  } else console.log(`# CSV export not available (${exp.status}); export download not checked`);
  await tidy(page);
  await shot(page, "contacts");
  docsShot("contacts");

  // Contact page: inline edit and a note on the timeline.
  await page.getByRole("link", { name: "Ada Lovelace" }).click();
  await page.getByRole("heading", { name: "Ada Lovelace" }).waitFor();
  await page.getByRole("button", { name: "Edit job title" }).click();
  await page.getByLabel("Job title").fill("Analyst");
  await page.getByLabel("Job title").press("Enter");
  await page.getByRole("button", { name: "Edit job title" }).getByText("Analyst").waitFor();
  await page.getByLabel("Add a note").fill("Wants a demo of the **engine**.");
  await page.getByRole("button", { name: "Add note" }).click();
  await page.getByTestId("activity").getByText("engine").waitFor();
  await page.reload();
  await page.getByTestId("activity").getByText("engine").waitFor();
  await page.getByRole("button", { name: "Edit job title" }).getByText("Analyst").waitFor();
  await page.waitForLoadState("networkidle");
  await tidy(page);
  await shot(page, "contact");
  // The duplicate-email 409 is part of the scenario (the browser logs it).
  const unexpected = problems.filter((p) => !p.includes("status of 409"));
  assert.deepEqual(unexpected, [], unexpected.join("\n"));
  await ctx.close();
});

test("contacts: CSV import through the dialog", async (t) => {
  const probe = await fetch(`${server.apiUrl}/api/v1/contacts/imports`, {
    method: "POST",
    headers: { Authorization: `Bearer ${owner.access_token}`, "Content-Type": "application/json" },
    body: "{}",
  });
  if (probe.status === 404 || probe.status === 405) {
    const reason = `the server has no contact import API yet (POST /api/v1/contacts/imports answered ${probe.status})`;
    console.log(`# skipping the CSV import test: ${reason}`);
    // The dialog still explains that import is unavailable.
    const { ctx, page } = await newPage();
    await uiLogin(page, server.url, ownerEmail);
    await page.goto(`${server.url}/contacts`);
    await page.getByRole("button", { name: "Import CSV" }).click();
    const csv = join(ARTIFACTS, "import.csv");
    writeFileSync(csv, "First name,Last name,Email\nKatherine,Johnson,kj@nasa.example\n");
    await page.getByLabel("CSV file").setInputFiles(csv);
    await page.getByRole("button", { name: "Start import" }).click();
    await page.getByText("CSV import is not available on this Syntera server yet").waitFor();
    await ctx.close();
    t.skip(reason);
    return;
  }
  const { ctx, page } = await newPage();
  const problems = watchPage(page);
  await uiLogin(page, server.url, ownerEmail);
  await page.goto(`${server.url}/contacts`);
  await page.getByRole("button", { name: "Import CSV" }).click();
  const csv = join(ARTIFACTS, "import.csv");
  writeFileSync(
    csv,
    "First name,Last name,Email,Ignored\n" +
      "Katherine,Johnson,kj@nasa.example,x\n" +
      "Dorothy,Vaughan,dv@nasa.example,y\n" +
      "Bad,Row,not-an-email,z\n",
  );
  await page.getByLabel("CSV file").setInputFiles(csv);
  await page.getByLabel("Field for column Email").waitFor();
  assert.equal(await page.getByLabel("Field for column Ignored").inputValue(), "");
  await page.getByRole("button", { name: "Start import" }).click();
  await page.getByTestId("import-summary").waitFor({ timeout: 30_000 });
  await page.getByTestId("import-error").first().waitFor();
  await shot(page, "contacts-import");
  await page.getByRole("button", { name: "Close" }).first().click();
  await page.getByRole("link", { name: "Katherine Johnson" }).waitFor();
  await page.getByRole("link", { name: "Dorothy Vaughan" }).waitFor();

  assert.deepEqual(problems, [], problems.join("\n"));
  await ctx.close();
});

test("deals: drag a deal to another stage and see it there after reload", async () => {
  const pipeline = (await call("GET", "/pipelines")).data.find((p) => p.is_default);
  const [first, second] = pipeline.stages;
  for (const [title, value] of [
    ["Analytical Engine", 1_250_000],
    ["Compiler licence", 480_000],
    ["Enigma audit", 990_000],
  ])
    await call("POST", "/deals", {
      title,
      value,
      currency: "USD",
      pipeline_id: pipeline.id,
      stage: first.id,
    });

  const { ctx, page } = await newPage();
  const problems = watchPage(page);
  await uiLogin(page, server.url, ownerEmail);
  await page.goto(`${server.url}/deals`);
  const col = (stage) => page.locator(`[data-testid=stage-column][data-stage-id="${stage.id}"]`);
  await col(first).getByText("Analytical Engine").waitFor();
  assert.equal(await col(first).getByTestId("stage-count").innerText(), "3");

  const card = col(first).locator("[data-testid=deal-card]", { hasText: "Analytical Engine" });
  await card.dragTo(col(second).locator("ol"));
  await col(second).getByText("Analytical Engine").waitFor();
  await page
    .getByTestId("toast")
    .filter({ hasText: `Moved to ${second.name}` })
    .first()
    .waitFor();
  await page.waitForLoadState("networkidle");

  // Reorder within a stage: "Enigma audit" dragged above "Compiler licence".
  const enigma = col(first).locator("[data-testid=deal-card]", { hasText: "Enigma audit" });
  const compiler = col(first).locator("[data-testid=deal-card]", { hasText: "Compiler licence" });
  await enigma.dragTo(compiler, { targetPosition: { x: 20, y: 4 } });
  await page.waitForLoadState("networkidle");

  await page.reload();
  await col(second).getByText("Analytical Engine").waitFor();
  assert.equal(await col(first).getByText("Analytical Engine").count(), 0);
  assert.equal(await col(second).getByTestId("stage-count").innerText(), "1");
  assert.equal(await col(first).getByTestId("stage-count").innerText(), "2");
  assert.match(await col(second).getByTestId("stage-total").innerText(), /12,500/);
  const order = await col(first).locator("[data-testid=deal-card] a").allInnerTexts();
  assert.deepEqual(order, ["Enigma audit", "Compiler licence"]);

  // Keyboard alternative: the card menu moves a deal to a stage.
  await col(first).getByRole("button", { name: "Move Compiler licence" }).click();
  await page.getByRole("menuitem", { name: second.name }).click();
  await col(second).getByText("Compiler licence").waitFor();
  await page.waitForLoadState("networkidle");
  await tidy(page);
  await shot(page, "deals-board");
  docsShot("deals-board");

  // Deal page: the stage history shows the move.
  await col(second).getByRole("link", { name: "Analytical Engine" }).click();
  await page.getByRole("heading", { name: "Analytical Engine" }).waitFor();
  await page.getByTestId("stage-history").getByText(`${first.name} → ${second.name}`).waitFor();
  await page.waitForLoadState("networkidle");
  await tidy(page);
  await shot(page, "deal");
  assert.deepEqual(problems, [], problems.join("\n"));
  await ctx.close();
});

test("a viewer sees contacts and deals without edit controls", async () => {
  const viewerEmail = uniqueEmail("crm-viewer");
  await addTeamMember(server, owner.access_token, {
    email: viewerEmail,
    role: "viewer",
    name: "Vic Viewer",
  });
  const contact = await call("POST", "/contacts", { first_name: "Read", last_name: "Only" });

  const { ctx, page } = await newPage();
  const problems = watchPage(page);
  await uiLogin(page, server.url, viewerEmail);
  await page.goto(`${server.url}/contacts`);
  await page.getByRole("link", { name: "Read Only" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "New contact" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: "Import CSV" }).count(), 0);
  assert.equal(await page.getByRole("checkbox").count(), 0, "no row selection");

  await page.goto(`${server.url}/contacts/${contact.id}`);
  await page.getByRole("heading", { name: "Read Only" }).waitFor();
  assert.equal(await page.getByRole("button", { name: /^Edit / }).count(), 0);
  assert.equal(await page.getByRole("button", { name: "Delete" }).count(), 0);
  assert.equal(await page.getByLabel("Add a note").count(), 0);
  assert.equal(await page.getByRole("combobox").count(), 0);

  await page.goto(`${server.url}/deals`);
  await page.getByTestId("deal-card").first().waitFor();
  assert.equal(await page.getByRole("button", { name: "New deal" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: /^Move / }).count(), 0);
  assert.equal(await page.locator("[data-testid=deal-card][draggable=true]").count(), 0);
  await page.getByTestId("deal-card").first().getByRole("link").click();
  await page.getByTestId("stage-history").first().waitFor();
  assert.equal(await page.getByRole("button", { name: /^Edit / }).count(), 0);
  assert.equal(await page.getByRole("combobox").count(), 0);

  await page.goto(`${server.url}/settings/pipelines`);
  await page.getByText("You don't have access to this page").waitFor();
  await shot(page, "viewer-deals");
  assert.deepEqual(problems, [], problems.join("\n"));
  await ctx.close();
});
