// The widget's core flows in Firefox ESR, driven over WebDriver BiDi by puppeteer-core (no driver
// binary): read the thread, post as a guest, see a comment posted elsewhere arrive live, and a
// Ctrl+Enter send. Run by tests/widget/test_engines.py, which seeds the thread and checks the
// JSON this prints (it lives here so that Node finds widget/node_modules). Usage: node firefox_flows.mjs '<json: {page, api, site, origin, heading}>'
import puppeteer from "puppeteer-core";

const args = JSON.parse(process.argv[2]);
const out = { errors: [], steps: {} };
const browser = await puppeteer.launch({ browser: "firefox", executablePath: "/usr/bin/firefox-esr", headless: true });
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => out.errors.push(String(e)));
  page.setDefaultTimeout(20000);
  await page.goto(args.page);
  const text = (sel) => page.$eval("#parley-thread >>> " + sel, (e) => e.textContent);
  await page.waitForFunction(
    () => document.getElementById("parley-thread").shadowRoot?.querySelector("h2")?.textContent.includes("thought"),
  );
  out.steps.heading = await text("h2");
  out.steps.comments = await page.$$eval("#parley-thread >>> li.c", (l) => l.length);

  await page.type("#parley-thread >>> #pl-name", "Fay");
  await page.type("#parley-thread >>> #pl-email", "fay@example.org");
  await page.type("#parley-thread >>> #pl-body", "Posted from Firefox");
  await page.click("#parley-thread >>> .form button[type=submit]");
  await page.waitForFunction(() =>
    [...document.getElementById("parley-thread").shadowRoot.querySelectorAll("li.c")].some((li) => li.textContent.includes("Posted from Firefox")),
  );
  out.steps.posted = await text("h2");

  // Ctrl+Enter sends too.
  await page.type("#parley-thread >>> #pl-body", "Sent with Ctrl+Enter");
  await page.keyboard.down("Control");
  await page.keyboard.press("Enter");
  await page.keyboard.up("Control");
  await page.waitForFunction(() =>
    [...document.getElementById("parley-thread").shadowRoot.querySelectorAll("li.c")].some((li) => li.textContent.includes("Sent with Ctrl+Enter")),
  );
  out.steps.keyboard = true;

  // Live: a comment posted elsewhere waits behind the polite button.
  await new Promise((r) => setTimeout(r, 500)); // the stream is open
  const res = await fetch(`${args.api}/api/v1/sites/${args.site}/comments`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: args.origin },
    body: JSON.stringify({ url: args.page, title: "A post", body: "From elsewhere", author_name: "Gus", author_email: "gus@example.org" }),
  });
  out.steps.elsewhere = res.status;
  await page.waitForFunction(() =>
    [...document.getElementById("parley-thread").shadowRoot.querySelectorAll("button")].some((b) => !b.hidden && b.textContent == "New comments: 1"),
  );
  out.steps.live = true;
} catch (e) {
  out.failed = String(e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
