// The human inbox in the browser, against the real binary with the test echo responder (the AI
// seam answers "You said: …", streamed as message:delta events): a conversation started through
// the REST API is answered by the AI, handed off, listed as waiting, opened, claimed, answered,
// annotated with a private note and resolved; messages posted through REST and through a second
// socket.io-client connection (typing included) appear live without a reload; the AI's answer
// shows its `ai` info. A server restart shows "Reconnecting…", then the tab reconnects (same
// token, kept signing key) and the open conversation catches up. Also the widget settings page.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { io } from "socket.io-client";
import {
  addTeamMember,
  apiCall,
  apiSignup,
  launchBrowser,
  shot,
  startSyntera,
  uiLogin,
  uniqueEmail,
  waitFor,
  watchPage,
} from "./harness.mjs";

let server, browser, owner, ownerEmail, apiKey;
before(async () => {
  server = await startSyntera(["--test-responder", "echo"]);
  browser = await launchBrowser();
  ownerEmail = uniqueEmail("inbox-owner");
  owner = await apiSignup(server.apiUrl, {
    email: ownerEmail,
    name: "Iris Inbox",
    org: "Inbox Co",
  });
  // The customer side speaks through an API key (its messages come from the contact).
  const key = await apiCall(server.apiUrl, owner.access_token, "POST", "/api-keys", {
    name: "Storefront",
    role: "member",
  });
  apiKey = key.secret;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const asOwner = (method, path, body) =>
  apiCall(server.apiUrl, owner.access_token, method, path, body);
const asCustomer = (method, path, body) => apiCall(server.apiUrl, apiKey, method, path, body);

const messagesOf = async (id) =>
  (await asOwner("GET", `/conversations/${id}/messages?limit=200`)).data;

/** A socket.io-client connection from the test process; resolves once connected. */
function connectSocket(token) {
  const socket = io(server.apiUrl, {
    path: "/socket.io/",
    transports: ["websocket"],
    auth: { token },
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (e) => reject(new Error(`socket: ${e.message}`)));
  });
}

function ack(socket, event, payload) {
  return new Promise((resolve, reject) =>
    socket.timeout(5000).emit(event, payload, (err, res) => {
      if (err) reject(err);
      else if (!res?.ok) reject(new Error(`${event}: ${JSON.stringify(res)}`));
      else resolve(res.data);
    }),
  );
}

test("inbox: list, open, claim, reply, private note, live messages and typing, resolve", async () => {
  const contact = await asOwner("POST", "/contacts", {
    first_name: "Ada",
    last_name: "Lovelace",
    email: `ada.${Date.now()}@analytical.example`,
  });
  // A customer starts a conversation through the API; the AI agent (echo) answers it.
  const conv = await asCustomer("POST", "/conversations", {
    subject: "Order 1042 is late",
    contact_id: contact.id,
    tags: ["billing"],
    message: "Hello, where is my order?",
  });
  assert.equal(conv.status, "open");
  assert.equal(conv.assignee_type, "ai");
  await waitFor("the AI's answer", async () =>
    (await messagesOf(conv.id)).find((m) => m.sender_type === "agent"),
  );
  // The customer asks for a person: the conversation waits in the inbox.
  const waiting = await asCustomer("POST", `/conversations/${conv.id}/handoff`, {
    reason: "wants a human",
  });
  assert.equal(waiting.status, "waiting_for_human");

  const ctx = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const page = await ctx.newPage();
  const problems = watchPage(page);
  await uiLogin(page, server.url, ownerEmail);

  // Live counters in the sidebar.
  await page.getByTestId("inbox-count-waiting").getByText("1", { exact: true }).waitFor();
  await page.getByTestId("inbox-count-unassigned").getByText("1", { exact: true }).waitFor();

  await page
    .getByRole("link", { name: /^Inbox/ })
    .first()
    .click();
  await page.getByRole("heading", { name: "Inbox", exact: true }).waitFor();
  await page.locator("[data-testid=connection-state][data-status=connected]").waitFor();
  await page.getByRole("tab", { name: /^Waiting/ }).click();
  const item = page.getByTestId("conversation-item").filter({ hasText: "Order 1042 is late" });
  await item.waitFor();
  await item.getByText("Waiting for human").waitFor();
  await item.click();

  // The open conversation: customer message, the AI's answer with its `ai` info, contact link.
  const pane = page.getByRole("region", { name: "Conversation", exact: true });
  const panel = page.getByRole("complementary", { name: "Conversation details" });
  await pane.getByRole("heading", { name: "Ada Lovelace" }).waitFor();
  await pane
    .locator("[data-testid=message][data-sender=contact]")
    .getByText("Hello, where is my order?")
    .waitFor();
  const ai = pane.locator("[data-testid=message][data-sender=agent]").first();
  await ai.getByText("You said: Hello, where is my order?").waitFor();
  await ai.getByText("AI agent").first().waitFor();
  await ai.getByTestId("ai-info").getByText("test-echo", { exact: true }).waitFor();
  await panel.getByTestId("contact-link").getByText("Ada Lovelace").waitFor();
  await panel.getByText("billing").waitFor();

  // Claim: the conversation becomes mine and open; the counters follow.
  await panel.getByRole("button", { name: "Claim" }).click();
  await panel.getByTestId("assignee").getByText("You").waitFor();
  await pane.getByTestId("conversation-status").getByText("Open").waitFor();
  await page.getByTestId("inbox-count-mine").getByText("1", { exact: true }).waitFor();
  await page.getByTestId("inbox-count-waiting").getByText("0", { exact: true }).waitFor();
  assert.equal((await asOwner("GET", `/conversations/${conv.id}`)).assignee_user_id, owner.user.id);

  // A second connection (the customer's integration) watches the conversation.
  const customer = await connectSocket(apiKey);
  const seenTyping = [];
  const deltas = [];
  customer.on("typing", (p) => seenTyping.push(p));
  customer.on("message:delta", (p) => deltas.push(p));
  await ack(customer, "conversation:join", { conversation_id: conv.id });

  // Reply with Enter; Shift+Enter makes a new line. Typing reaches the other connection.
  const reply = pane.getByLabel("Reply");
  await reply.click();
  await reply.pressSequentially("Your order ships today.");
  await waitFor("typing from the browser", () =>
    seenTyping.find((p) => p.is_typing && p.who?.type === "user" && p.who?.id === owner.user.id),
  );
  await reply.press("Shift+Enter");
  await reply.pressSequentially("Tracking follows.");
  await reply.press("Enter");
  const sent = pane
    .locator("[data-testid=message][data-sender=user]")
    .filter({ hasText: "Your order ships today." });
  await sent.waitFor();
  await pane.locator("[data-testid=message][data-pending]").waitFor({ state: "detached" });
  assert.equal(await reply.inputValue(), "");
  const stored = await waitFor("the stored reply", async () =>
    (await messagesOf(conv.id)).find((m) => m.content.startsWith("Your order ships today.")),
  );
  assert.equal(stored.content, "Your order ships today.\nTracking follows.");
  assert.equal(stored.sender_type, "user");
  assert.ok(stored.client_message_id, "sent with a client_message_id");
  assert.equal(await sent.count(), 1, "the optimistic copy was replaced, not duplicated");
  // Its author edits it (REST here): the open conversation shows the new text, marked edited.
  await asOwner("PATCH", `/conversations/${conv.id}/messages/${stored.id}`, {
    content: "Your order ships today.\nTracking follows soon.",
  });
  await sent.getByText("Tracking follows soon.").waitFor();
  await sent.getByText("(edited)").waitFor();

  // A private note: visually distinct, labelled, never shown to the customer.
  await pane.getByRole("tab", { name: "Private note" }).click();
  await pane.getByLabel("Private note").fill("VIP customer, offer free shipping");
  await pane.getByLabel("Private note").press("Enter");
  const note = pane.locator("[data-testid=message][data-private]");
  await note.getByText("VIP customer, offer free shipping").waitFor();
  await note.getByText("Private note").waitFor();
  const storedNote = await waitFor("the stored note", async () =>
    (await messagesOf(conv.id)).find((m) => m.type === "note"),
  );
  assert.equal(storedNote.private, true);
  await pane.getByRole("tab", { name: "Reply" }).click();

  // An attachment: uploaded first, then sent with the reply; downloadable from the message.
  await pane.getByLabel("Attach files").setInputFiles({
    name: "invoice.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("Invoice 1042: 2 x blue widget\n"),
  });
  await pane.getByRole("list", { name: "Attachments" }).getByText("invoice.txt").waitFor();
  await reply.fill("Here is your invoice.");
  await reply.press("Enter");
  const withFile = pane
    .locator("[data-testid=message]")
    .filter({ hasText: "Here is your invoice." });
  await withFile.getByRole("button", { name: "Download invoice.txt" }).waitFor();
  const storedFile = await waitFor("the stored attachment", async () =>
    (await messagesOf(conv.id)).find((m) => m.content === "Here is your invoice."),
  );
  assert.equal(storedFile.attachments.length, 1);
  assert.equal(storedFile.attachments[0].name, "invoice.txt");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    withFile.getByRole("button", { name: "Download invoice.txt" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "invoice.txt");

  // Live: a message posted through REST appears without a reload…
  await asCustomer("POST", `/conversations/${conv.id}/messages`, {
    content: "Thanks! Is it the blue one?",
  });
  await pane
    .locator("[data-testid=message][data-sender=contact]")
    .getByText("Thanks! Is it the blue one?")
    .waitFor();
  // …and so does one sent by another socket.io-client connection, after its typing indicator.
  customer.emit("typing:start", { conversation_id: conv.id });
  await pane.getByTestId("typing-indicator").getByText("typing").waitFor();
  const viaSocket = await ack(customer, "message:send", {
    conversation_id: conv.id,
    content: "Sent from the storefront socket",
    client_message_id: `e2e-${Date.now()}`,
  });
  assert.ok(viaSocket.message.id);
  await pane.getByText("Sent from the storefront socket").waitFor();
  await pane.getByTestId("typing-indicator").waitFor({ state: "detached" });
  await shot(page, "inbox-conversation");

  // Release to the AI: the next customer message is answered by the (streaming) AI agent.
  await page.evaluate(() => {
    window.__streamSeen = false;
    new MutationObserver(() => {
      if (document.querySelector("[data-testid=streaming-message]")) window.__streamSeen = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await panel.getByRole("button", { name: "Release to AI" }).click();
  await panel.getByTestId("assignee").getByText("AI agent").waitFor();
  await asCustomer("POST", `/conversations/${conv.id}/messages`, { content: "Blue please" });
  await pane
    .locator("[data-testid=message][data-sender=agent]")
    .getByText("You said: Blue please")
    .waitFor();
  await waitFor("streamed deltas", () => deltas.length > 0);
  assert.equal(
    deltas
      .filter((d) => d.message_id === deltas.at(-1).message_id)
      .map((d) => d.delta)
      .join(""),
    "You said: Blue please",
  );
  assert.equal(await page.getByTestId("streaming-message").count(), 0, "stream replaced");
  // The echo responder streams three deltas within milliseconds: the bubble may or may not get
  // painted before the stored message replaces it, so this is reported, not asserted.
  console.log(`# streaming bubble rendered: ${await page.evaluate(() => window.__streamSeen)}`);

  // Resolve.
  await panel.getByRole("button", { name: "Resolve" }).click();
  await pane.getByTestId("conversation-status").getByText("Resolved").waitFor();
  await pane.getByText("This conversation is resolved").waitFor();
  assert.equal((await asOwner("GET", `/conversations/${conv.id}`)).status, "resolved");

  // After a reload everything is still there (from the server), the note still labelled.
  await page.reload();
  await pane.getByText("Sent from the storefront socket").waitFor();
  await pane.locator("[data-testid=message][data-private]").getByText("Private note").waitFor();
  assert.equal(
    await pane
      .locator("[data-testid=message]")
      .filter({ hasText: "Your order ships today." })
      .count(),
    1,
  );
  await page.evaluate(() => document.activeElement?.blur());
  await shot(page, "inbox");
  customer.disconnect();
  assert.deepEqual(problems, [], problems.join("\n"));
  await ctx.close();
});

test("inbox: a new conversation appears live with its unread count; assign, transfer, unassign", async () => {
  // A second team member to assign to.
  const memberEmail = uniqueEmail("inbox-member");
  await addTeamMember(server, owner.access_token, {
    email: memberEmail,
    role: "member",
    name: "Max Member",
  });

  const ctx = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const page = await ctx.newPage();
  const problems = watchPage(page);
  await uiLogin(page, server.url, ownerEmail);
  await page.goto(`${server.url}/inbox?view=unassigned`);
  await page.locator("[data-testid=connection-state][data-status=connected]").waitFor();
  await page.getByRole("tab", { name: /^Unassigned/, selected: true }).waitFor();
  const before = await page.getByTestId("conversation-item").count();

  const conv = await asCustomer("POST", "/conversations", {
    subject: "Refund for order 77",
    message: "I want a refund",
  });
  await asCustomer("POST", `/conversations/${conv.id}/handoff`, {});
  const item = page.getByTestId("conversation-item").filter({ hasText: "Refund for order 77" });
  await item.waitFor();
  assert.equal(await page.getByTestId("conversation-item").count(), before + 1);
  await item.getByTestId("unread-count").waitFor();

  // Opening it marks it read: the unread badge goes away.
  await item.click();
  await page.getByRole("heading", { name: "Refund for order 77" }).waitFor();
  await waitFor("the read cursor", async () => {
    const c = await asOwner("GET", `/conversations/${conv.id}`);
    return c.unread_count === 0;
  });
  assert.equal(await item.getByTestId("unread-count").count(), 0);

  // Assign to the member, transfer back to me, then unassign (back to the queue).
  const panel = page.getByRole("complementary", { name: "Conversation details" });
  await panel.getByLabel("Assign to").selectOption({ label: "Max Member" });
  await panel.getByRole("button", { name: "Assign", exact: true }).click();
  await panel.getByTestId("assignee").getByText("Max Member").waitFor();
  await panel.getByLabel("Transfer to").selectOption({ label: "Iris Inbox (you)" });
  await panel.getByRole("button", { name: "Transfer", exact: true }).click();
  await panel.getByTestId("assignee").getByText("You").waitFor();
  assert.equal((await asOwner("GET", `/conversations/${conv.id}`)).assignee_user_id, owner.user.id);
  await panel.getByRole("button", { name: "Unassign" }).click();
  await panel.getByTestId("assignee").getByText("Unassigned").waitFor();
  const back = await asOwner("GET", `/conversations/${conv.id}`);
  assert.equal(back.assignee_type, "none");
  assert.equal(back.status, "waiting_for_human");
  // Priority and tags from the side panel.
  await panel.getByLabel("Priority").selectOption("urgent");
  await panel.getByLabel("Add a tag").fill("Refunds");
  await panel.getByLabel("Add a tag").press("Enter");
  await panel.getByRole("list", { name: "Tags" }).getByText("refunds").waitFor();
  await item.getByText("urgent").waitFor();
  const patched = await asOwner("GET", `/conversations/${conv.id}`);
  assert.equal(patched.priority, "urgent");
  assert.deepEqual(patched.tags, ["refunds"]);

  // Search narrows the list (server-side).
  await page.getByLabel("Search conversations").fill("refund");
  await page.waitForFunction(
    () => document.querySelectorAll("[data-testid=conversation-item]").length === 1,
  );
  assert.deepEqual(problems, [], problems.join("\n"));
  await ctx.close();
});

test("widget settings: public key, regenerate, allowed origins", async () => {
  const probe = await fetch(`${server.apiUrl}/api/v1/widget/settings`, {
    headers: { Authorization: `Bearer ${owner.access_token}` },
  });
  assert.equal(probe.status, 200);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const problems = watchPage(page);
  await uiLogin(page, server.url, ownerEmail);
  await page.goto(`${server.url}/settings/widget`);
  const key = page.getByTestId("widget-public-key");
  await key.waitFor();
  const first = await key.inputValue();
  assert.match(first, /^pk_/);

  // Client-side validation, then add and remove an origin.
  await page.getByLabel("Website origin").fill("shop.example.com/path");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByText("Use an origin like").waitFor();
  await page.getByLabel("Website origin").fill("https://shop.example.com");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByTestId("allowed-origin").getByText("https://shop.example.com").waitFor();
  await page.getByLabel("Website origin").fill("http://localhost:3000");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByTestId("allowed-origin").nth(1).waitFor();
  await page.getByRole("button", { name: "Remove http://localhost:3000" }).click();
  await page.waitForFunction(
    () => document.querySelectorAll("[data-testid=allowed-origin]").length === 1,
  );
  const saved = await asOwner("GET", "/widget/settings");
  assert.deepEqual(saved.allowed_origins, ["https://shop.example.com"]);

  // Regenerate behind a confirmation.
  await page.getByRole("button", { name: "Regenerate", exact: true }).click();
  await page.getByRole("button", { name: "Regenerate key" }).click();
  await page.waitForFunction(
    (old) => document.querySelector("[data-testid=widget-public-key]")?.value !== old,
    first,
  );
  assert.notEqual((await asOwner("GET", "/widget/settings")).public_key, first);
  await shot(page, "settings-widget");
  assert.deepEqual(problems, [], problems.join("\n"));
  await ctx.close();
});

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

test("inbox: after a server restart the tab reconnects and the open conversation catches up", async () => {
  // Its own server on a fixed port and data directory, so that it can be restarted.
  const dir = mkdtempSync(join(tmpdir(), "syntera-inbox-restart-"));
  const args = ["--port", String(await freePort()), "--data-dir", dir];
  let srv = await startSyntera(args);
  const ctx = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  try {
    const email = uniqueEmail("restart");
    const me = await apiSignup(srv.apiUrl, { email, name: "Rhea Restart", org: "Restart Co" });
    const conv = await apiCall(srv.apiUrl, me.access_token, "POST", "/conversations", {
      subject: "Across a restart",
      message: "First message",
    });
    const page = await ctx.newPage();
    const problems = watchPage(page);
    await uiLogin(page, srv.url, email);
    await page.goto(`${srv.url}/inbox/${conv.id}`);
    const state = (s) => page.locator(`[data-testid=connection-state][data-status=${s}]`);
    await state("connected").waitFor();
    const pane = page.getByRole("region", { name: "Conversation", exact: true });
    await pane.getByText("First message").waitFor();

    await srv.stop();
    await state("reconnecting").waitFor();
    srv = await startSyntera(args);
    // Posted while the tab is still reconnecting (its backoff is ≥ 0.5 s): the re-join with
    // after_seq brings it; had the tab been faster, the room broadcast would.
    await apiCall(srv.apiUrl, me.access_token, "POST", `/conversations/${conv.id}/messages`, {
      content: "Posted right after the restart",
      sender_type: "contact",
    });
    await state("connected").waitFor({ timeout: 20_000 });
    await pane.getByText("Posted right after the restart").waitFor();
    await apiCall(srv.apiUrl, me.access_token, "POST", `/conversations/${conv.id}/messages`, {
      content: "And one after reconnecting",
      sender_type: "contact",
    });
    await pane.getByText("And one after reconnecting").waitFor();
    assert.equal(await pane.getByText("Posted right after the restart").count(), 1);
    // Only the failed connection attempts while the server was down are expected.
    const unexpected = problems.filter(
      (p) => !/socket\.io|WebSocket|ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE/.test(p),
    );
    assert.deepEqual(unexpected, [], unexpected.join("\n"));
  } finally {
    await ctx.close();
    await srv.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
