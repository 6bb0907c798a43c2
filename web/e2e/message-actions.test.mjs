// Editing and deleting messages in the inbox, against the real binary (echo AI): a member edits
// their own reply inline (Enter saves, Shift+Enter new line, Escape cancels, keyboard only) and
// another member sees the new text live and after a reload; a member deletes their own message
// behind a confirmation and everyone sees "This message was deleted" in its place, after a
// reload too; an admin deletes a visitor's message and the AI's answer quoting it; a viewer
// gets no message actions; nobody gets Edit on someone else's message or in a closed
// conversation (an editor open when it closes can no longer save); a refused edit or delete
// puts the message back and says what to do next; on a phone the actions need no hover.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  addTeamMember,
  apiCall,
  apiLogin,
  apiSignup,
  launchBrowser,
  shot,
  startSyntera,
  uiLogin,
  uniqueEmail,
  waitFor,
  watchPage,
} from "./harness.mjs";

const ORIGIN = "https://shop.example.test";
let server, browser, owner;
/** Team members by handle: {email, name, token, id}. */
const team = {};

before(async () => {
  server = await startSyntera(["--test-responder", "echo"]);
  browser = await launchBrowser();
  owner = await apiSignup(server.apiUrl, {
    email: uniqueEmail("actions-owner"),
    name: "Olga Owner",
    org: "Actions Co",
  });
  for (const [handle, role, name] of [
    ["mia", "member", "Mia Member"],
    ["max", "member", "Max Member"],
    ["ada", "admin", "Ada Admin"],
    ["vera", "viewer", "Vera Viewer"],
  ]) {
    const email = uniqueEmail(`actions-${handle}`);
    await addTeamMember(server, owner.access_token, { email, role, name });
    const s = await apiLogin(server.apiUrl, email);
    team[handle] = { email, name, token: s.access_token, id: s.user.id };
  }
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const as = (token) => (method, path, body) => apiCall(server.apiUrl, token, method, path, body);
const asOwner = (...a) => as(owner.access_token)(...a);
const messagesOf = async (id) =>
  (await asOwner("GET", `/conversations/${id}/messages?limit=200`)).data;

/** A conversation started by the owner, with a customer message, claimed by Mia. */
async function conversationForMia(subject) {
  const conv = await asOwner("POST", "/conversations", { subject, message: "Note from Olga" });
  await asOwner("POST", `/conversations/${conv.id}/messages`, {
    content: "I was charged twice for order 88",
    sender_type: "contact",
  });
  await as(team.mia.token)("POST", `/conversations/${conv.id}/claim`);
  return conv;
}

/** A signed-in page on one conversation; `expected` as watchPage's. */
async function openAs(who, convId, { expected = [], colorScheme = "light" } = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1360, height: 860 }, colorScheme });
  const page = await ctx.newPage();
  const problems = watchPage(page, expected);
  await uiLogin(page, server.url, who.email);
  await page.goto(`${server.url}/inbox/${convId}`);
  await page.locator("[data-testid=connection-state][data-status=connected]").waitFor();
  const pane = page.getByRole("region", { name: "Conversation", exact: true });
  await pane.getByTestId("message").first().waitFor();
  return { ctx, page, pane, problems };
}

const messageWith = (pane, text) => pane.getByTestId("message").filter({ hasText: text });
const byId = (pane, id) => pane.locator(`[data-testid=message][data-message-id="${id}"]`);

/** Opens a message's actions menu with the mouse (hover reveals the button); returns the menu. */
async function openActions(page, message) {
  await message.hover();
  await message.getByRole("button", { name: "Message actions" }).click();
  const menu = page.getByRole("menu");
  await menu.waitFor();
  return menu;
}

async function menuItems(menu) {
  return (await menu.getByRole("menuitem").allInnerTexts()).map((t) => t.trim());
}

/** The order of the messages on screen, by id. */
const order = (pane) =>
  pane.getByTestId("message").evaluateAll((els) => els.map((e) => e.dataset.messageId));

test("a member edits their own reply; another member sees the new text live and after a reload", async () => {
  const conv = await conversationForMia("Edit: order 88");
  const mia = await openAs(team.mia, conv.id);
  const { page, pane } = mia;

  // Mia replies through the composer.
  await pane.getByLabel("Reply").fill("Your refund is on its way.");
  await pane.getByLabel("Reply").press("Enter");
  await messageWith(pane, "Your refund is on its way.").waitFor();
  await pane.locator("[data-testid=message][data-pending]").waitFor({ state: "detached" });
  const stored = await waitFor("the stored reply", async () =>
    (await messagesOf(conv.id)).find((m) => m.content === "Your refund is on its way."),
  );
  const reply = byId(pane, stored.id);

  // Max, another member, watches the same conversation.
  const max = await openAs(team.max, conv.id);
  const maxReply = byId(max.pane, stored.id);
  await maxReply.getByText("Your refund is on its way.").waitFor();

  // The menu of her own reply has Edit and Delete; Edit turns the bubble into an editor.
  const menu = await openActions(page, reply);
  assert.deepEqual(await menuItems(menu), ["Edit", "Delete"]);
  await shot(page, "message-actions-menu");
  await menu.getByRole("menuitem", { name: "Edit" }).click();
  const editor = reply.getByRole("textbox", { name: "Message text" });
  assert.equal(await editor.inputValue(), "Your refund is on its way.");
  assert.ok(await editor.evaluate((el) => el === document.activeElement), "the editor has focus");

  // Escape cancels: nothing changes, here or on the server.
  await editor.fill("Something I did not mean to send");
  await editor.press("Escape");
  await editor.waitFor({ state: "detached" });
  await reply.getByText("Your refund is on its way.").waitFor();
  assert.equal(await reply.getByText("(edited)").count(), 0);
  assert.ok(
    await reply
      .getByRole("button", { name: "Message actions" })
      .evaluate((el) => el === document.activeElement),
    "focus is back on the message's actions button",
  );

  // Keyboard only: the focused actions button opens the menu, Enter picks Edit.
  await page.keyboard.press("Enter");
  await page.getByRole("menuitem", { name: "Edit" }).waitFor();
  await page.keyboard.press("Enter");
  await editor.waitFor();
  assert.ok(await editor.evaluate((el) => el === document.activeElement));
  // Shift+Enter makes a new line, Enter saves.
  await editor.press("End");
  await editor.press("Shift+Enter");
  await editor.pressSequentially("It left our bank today.");
  await shot(page, "message-editing");
  await editor.press("Enter");
  await editor.waitFor({ state: "detached" });
  await reply.getByText("It left our bank today.").waitFor();
  await reply.getByText("(edited)").waitFor();

  const edited = await waitFor("the stored edit", async () =>
    (await messagesOf(conv.id)).find((m) => m.id === stored.id && m.edited_at),
  );
  assert.equal(edited.content, "Your refund is on its way.\nIt left our bank today.");
  assert.equal(edited.deleted_at, null);

  // Max sees it live (message:updated), marked edited, without the old text alone…
  await maxReply.getByText("It left our bank today.").waitFor();
  await maxReply.getByText("(edited)").waitFor();
  // …and after a reload (from the server).
  await max.page.reload();
  await messageWith(max.pane, "It left our bank today.").getByText("(edited)").waitFor();

  // A save with the Save button, and the same text again sends nothing.
  await openActions(page, reply).then((m) => m.getByRole("menuitem", { name: "Edit" }).click());
  await editor.fill("Your refund was sent today.");
  await reply.getByRole("button", { name: "Save" }).click();
  await reply.getByText("Your refund was sent today.").waitFor();
  await max.pane.getByText("Your refund was sent today.").waitFor();
  // The conversation list's preview line follows the edit.
  await page
    .getByTestId("conversation-item")
    .filter({ hasText: "Edit: order 88" })
    .getByText("Your refund was sent today.")
    .waitFor();
  assert.equal(
    (await messagesOf(conv.id)).find((m) => m.id === stored.id).content,
    "Your refund was sent today.",
  );
  // An empty text cannot be saved (the message has no attachment): delete is the way.
  await openActions(page, reply).then((m) => m.getByRole("menuitem", { name: "Edit" }).click());
  await editor.fill("   ");
  await reply.getByText("A message needs text. To remove it, delete it instead.").waitFor();
  assert.ok(await reply.getByRole("button", { name: "Save" }).isDisabled());
  await editor.press("Enter");
  assert.equal(await editor.count(), 1, "Enter does not save an empty message");
  await reply.getByRole("button", { name: "Cancel" }).click();
  await reply.getByText("Your refund was sent today.").waitFor();

  assert.deepEqual(mia.problems, [], mia.problems.join("\n"));
  assert.deepEqual(max.problems, [], max.problems.join("\n"));
  await mia.ctx.close();
  await max.ctx.close();
});

test("a member deletes their own message after confirming; it shows as deleted in place, for everyone, after a reload", async () => {
  const conv = await conversationForMia("Delete: order 89");
  const post = (content) =>
    as(team.mia.token)("POST", `/conversations/${conv.id}/messages`, { content });
  const mistake = await post("Card 4242 4242 4242 4242 was charged (wrong customer!)");
  await post("Let me check that for you.");

  const mia = await openAs(team.mia, conv.id);
  const max = await openAs(team.max, conv.id);
  const { page, pane } = mia;
  const before = await order(pane);
  const message = byId(pane, mistake.id);
  await message.getByText("wrong customer!").waitFor();

  // Cancel first: nothing happens.
  let menu = await openActions(page, message);
  await menu.getByRole("menuitem", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this message?" });
  await dialog
    .getByText(
      "Everyone in the conversation will see that a message was deleted. This cannot be undone.",
    )
    .waitFor();
  await shot(page, "message-delete-confirm");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "detached" });
  await message.getByText("wrong customer!").waitFor();
  assert.equal((await messagesOf(conv.id)).find((m) => m.id === mistake.id).deleted_at, null);

  // Then delete.
  menu = await openActions(page, message);
  await menu.getByRole("menuitem", { name: "Delete" }).click();
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await dialog.waitFor({ state: "detached" });
  await message.and(pane.locator("[data-deleted=true]")).waitFor();
  await message.getByText("This message was deleted").waitFor();
  assert.equal(await message.getByText("wrong customer!").count(), 0);
  assert.equal(await message.getByRole("button", { name: "Message actions" }).count(), 0);
  assert.deepEqual(await order(pane), before, "the message kept its place");
  assert.ok(
    await message.evaluate((el) => el === document.activeElement),
    "focus moves to the deleted message",
  );
  await shot(page, "message-deleted");

  const stored = await waitFor("the stored deletion", async () =>
    (await messagesOf(conv.id)).find((m) => m.id === mistake.id && m.deleted_at),
  );
  assert.equal(stored.content, "");
  assert.equal(stored.seq, mistake.seq);

  // Max sees it deleted live, in place, and so does everyone after a reload.
  const maxMessage = byId(max.pane, mistake.id);
  await maxMessage.and(max.pane.locator("[data-deleted=true]")).waitFor();
  await maxMessage.getByText("This message was deleted").waitFor();
  assert.equal(await max.pane.getByText("wrong customer!").count(), 0);
  assert.deepEqual(await order(max.pane), before);
  for (const p of [mia, max]) {
    await p.page.reload();
    await p.pane
      .locator(`[data-testid=message][data-message-id="${mistake.id}"][data-deleted=true]`)
      .getByText("This message was deleted")
      .waitFor();
    assert.equal(await p.pane.getByText("wrong customer!").count(), 0);
    assert.deepEqual(await order(p.pane), before);
  }

  assert.deepEqual(mia.problems, [], mia.problems.join("\n"));
  assert.deepEqual(max.problems, [], max.problems.join("\n"));
  await mia.ctx.close();
  await max.ctx.close();
});

/** A website visitor (widget session) who starts a conversation with `text`. */
async function visitorConversation(text) {
  const settings = await asOwner("PUT", "/widget/settings", { allowed_origins: [ORIGIN] });
  const r = await fetch(`${server.apiUrl}/api/v1/widget/sessions`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: ORIGIN },
    body: JSON.stringify({ public_key: settings.public_key, origin: ORIGIN }),
  });
  assert.equal(r.status, 201, await r.clone().text());
  const visitor = (await r.json()).visitor_token;
  const conv = await apiCall(server.apiUrl, visitor, "POST", "/widget/conversations", {
    message: text,
  });
  return { conv, asVisitor: as(visitor) };
}

test("an admin deletes a visitor's message and the AI answer quoting it; the visitor sees them deleted", async () => {
  const { conv, asVisitor } = await visitorConversation("My card number is 4111 1111 1111 1111");
  await waitFor("the AI's answer", async () =>
    (await messagesOf(conv.id)).find((m) => m.sender_type === "agent"),
  );
  const ada = await openAs(team.ada, conv.id);
  const { page, pane } = ada;
  const visitorMessage = pane.locator("[data-testid=message][data-sender=visitor]");
  const aiAnswer = pane.locator("[data-testid=message][data-sender=agent]");
  await aiAnswer.getByTestId("ai-info").waitFor();

  // Someone else's message: Delete, never Edit.
  let menu = await openActions(page, visitorMessage);
  assert.deepEqual(await menuItems(menu), ["Delete"]);
  await menu.getByRole("menuitem", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click();
  await visitorMessage.getByText("This message was deleted").waitFor();

  menu = await openActions(page, aiAnswer);
  assert.deepEqual(await menuItems(menu), ["Delete"]);
  await menu.getByRole("menuitem", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click();
  await aiAnswer.getByText("This message was deleted").waitFor();
  assert.equal(await aiAnswer.getByTestId("ai-info").count(), 0, "no AI details once deleted");
  assert.equal(await pane.getByText("4111").count(), 0);

  // The visitor's own view of the conversation has both deleted, in place.
  const seen = await waitFor("the deletions, as the visitor sees them", async () => {
    const list = (await asVisitor("GET", `/widget/conversations/${conv.id}/messages`)).data;
    return list.every((m) => m.deleted_at) && list;
  });
  assert.deepEqual(
    seen.map((m) => [m.sender_type, m.content]),
    [
      ["visitor", ""],
      ["agent", ""],
    ],
  );
  await page.reload();
  await pane.locator("[data-testid=message][data-deleted=true]").nth(1).waitFor();
  assert.equal(await pane.getByText("4111").count(), 0);
  assert.deepEqual(ada.problems, [], ada.problems.join("\n"));
  await ada.ctx.close();
});

test("a viewer sees messages, deleted ones as deleted, but no message actions", async () => {
  const conv = await conversationForMia("Viewer: order 90");
  const post = (content) =>
    as(team.mia.token)("POST", `/conversations/${conv.id}/messages`, { content });
  await post("A reply the viewer can read");
  const gone = await post("A reply that gets deleted");
  await as(team.mia.token)("DELETE", `/conversations/${conv.id}/messages/${gone.id}`);

  const vera = await openAs(team.vera, conv.id, { colorScheme: "dark" });
  const { pane } = vera;
  await pane.getByText("A reply the viewer can read").waitFor();
  await pane
    .locator(`[data-testid=message][data-message-id="${gone.id}"][data-deleted=true]`)
    .getByText("This message was deleted")
    .waitFor();
  for (const m of await pane.getByTestId("message").all()) await m.hover();
  assert.equal(await pane.getByRole("button", { name: "Message actions" }).count(), 0);
  assert.equal(await pane.getByLabel("Reply").count(), 0, "no composer either");
  await shot(vera.page, "message-deleted-viewer-dark");
  assert.deepEqual(vera.problems, [], vera.problems.join("\n"));
  await vera.ctx.close();
});

test("Edit only on one's own messages in a conversation that is not closed", async () => {
  const conv = await conversationForMia("Permissions: order 91");
  const own = await as(team.mia.token)("POST", `/conversations/${conv.id}/messages`, {
    content: "Mia's own reply",
  });
  await as(team.max.token)("POST", `/conversations/${conv.id}/messages`, {
    content: "Max chimes in",
  });

  // Mia (member): her own message has Edit and Delete; Max's, Olga's and the customer's none.
  const mia = await openAs(team.mia, conv.id);
  const { page, pane } = mia;
  const mine = messageWith(pane, "Mia's own reply");
  assert.deepEqual(await menuItems(await openActions(page, mine)), ["Edit", "Delete"]);
  await page.keyboard.press("Escape");
  for (const text of ["Max chimes in", "Note from Olga", "I was charged twice"]) {
    const m = messageWith(pane, text);
    await m.hover();
    assert.equal(await m.getByRole("button", { name: "Message actions" }).count(), 0, text);
  }

  // Ada (admin): Delete on Mia's message, but no Edit.
  const ada = await openAs(team.ada, conv.id);
  const menu = await openActions(ada.page, messageWith(ada.pane, "Mia's own reply"));
  assert.deepEqual(await menuItems(menu), ["Delete"]);
  await ada.page.keyboard.press("Escape");

  // Closed while Mia edits: her text stays, but it can no longer be saved (the server would
  // refuse); afterwards only Delete is offered.
  await (await openActions(page, mine)).getByRole("menuitem", { name: "Edit" }).click();
  const editor = byId(pane, own.id).getByRole("textbox", { name: "Message text" });
  await editor.fill("Too late to change");
  await asOwner("PATCH", `/conversations/${conv.id}`, { status: "closed" });
  await pane.getByTestId("conversation-status").getByText("Closed").waitFor();
  await byId(pane, own.id)
    .getByText("The conversation was closed: its messages can no longer be edited.")
    .waitFor();
  assert.equal(await editor.inputValue(), "Too late to change");
  assert.ok(await byId(pane, own.id).getByRole("button", { name: "Save" }).isDisabled());
  await editor.press("Escape");
  await mine.getByText("Mia's own reply").waitFor();
  assert.deepEqual(await menuItems(await openActions(page, mine)), ["Delete"]);
  await page.keyboard.press("Escape");
  assert.equal((await messagesOf(conv.id)).find((m) => m.id === own.id).content, "Mia's own reply");
  for (const p of [mia, ada]) {
    assert.deepEqual(p.problems, [], p.problems.join("\n"));
    await p.ctx.close();
  }
});

test("a refused edit or delete puts the message back and says what to do next", async () => {
  const conv = await conversationForMia("Failures: order 92");
  const m = await as(team.mia.token)("POST", `/conversations/${conv.id}/messages`, {
    content: "The original words",
  });
  const mia = await openAs(team.mia, conv.id, {
    expected: [`/messages/${m.id}`],
    colorScheme: "dark",
  });
  const { page, pane } = mia;
  const message = byId(pane, m.id);
  await message.getByText("The original words").waitFor();

  // The server is unavailable for the edit: the old text comes back, the draft is kept.
  await page.route(`**/messages/${m.id}`, (route) =>
    route.fulfill({
      status: 503,
      contentType: "application/json",
      body: JSON.stringify({ error: { code: "unavailable", message: "Service unavailable" } }),
    }),
  );
  await (await openActions(page, message)).getByRole("menuitem", { name: "Edit" }).click();
  const editor = message.getByRole("textbox", { name: "Message text" });
  await editor.fill("Better words");
  await editor.press("Enter");
  const toast = page.getByTestId("toast").filter({ hasText: "Could not edit the message" });
  await toast.getByText("Service unavailable. Try again.").waitFor();
  assert.equal(await editor.inputValue(), "Better words", "the draft waits for another try");
  await shot(page, "message-edit-failed-dark");
  assert.equal(await message.getByText("(edited)").count(), 0);
  // Cancelling shows the stored text again (the optimistic one was taken back).
  await message.getByRole("button", { name: "Cancel" }).click();
  await message.getByText("The original words").waitFor();
  await toast.getByRole("button", { name: "Dismiss" }).click();

  // The delete is refused: the message comes back with its text.
  await page.unroute(`**/messages/${m.id}`);
  await page.route(`**/messages/${m.id}`, (route) =>
    route.fulfill({
      status: 403,
      contentType: "application/json",
      body: JSON.stringify({ error: { code: "permission_denied", message: "permission denied" } }),
    }),
  );
  await (await openActions(page, message)).getByRole("menuitem", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click();
  await page
    .getByTestId("toast")
    .filter({ hasText: "Could not delete the message" })
    .getByText("Only the author or an admin can delete this message.")
    .waitFor();
  await message.getByText("The original words").waitFor();
  assert.equal(await message.getAttribute("data-deleted"), null);

  // With the server back, the same edit works.
  await page.unroute(`**/messages/${m.id}`);
  await (await openActions(page, message)).getByRole("menuitem", { name: "Edit" }).click();
  await editor.fill("Better words");
  await editor.press("Enter");
  await message.getByText("(edited)").waitFor();
  await waitFor("the stored edit", async () =>
    (await messagesOf(conv.id)).find((x) => x.id === m.id && x.content === "Better words"),
  );
  const unexpected = mia.problems.filter((p) => !p.includes("the server responded with a status"));
  assert.deepEqual(unexpected, [], unexpected.join("\n"));
  await mia.ctx.close();
});

test("on a phone the actions button shows without hover, and the menu works by touch", async () => {
  const conv = await conversationForMia("Phone: order 93");
  const sent = await as(team.mia.token)("POST", `/conversations/${conv.id}/messages`, {
    content: "Sent from the desk",
  });
  const ctx = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await ctx.newPage();
  const problems = watchPage(page);
  await uiLogin(page, server.url, team.mia.email);
  await page.goto(`${server.url}/inbox/${conv.id}`);
  const pane = page.getByRole("region", { name: "Conversation", exact: true });
  const message = byId(pane, sent.id);
  const button = message.getByRole("button", { name: "Message actions" });
  await button.waitFor();
  assert.equal(await button.evaluate((el) => getComputedStyle(el).opacity), "1");
  await button.tap();
  await page.getByRole("menuitem", { name: "Edit" }).tap();
  await message.getByRole("textbox", { name: "Message text" }).fill("Sent from my phone");
  await message.getByRole("button", { name: "Save" }).tap();
  await message.getByText("(edited)").waitFor();
  await shot(page, "message-actions-mobile");
  assert.deepEqual(problems, [], problems.join("\n"));
  await ctx.close();
});
