// The login popup in Firefox ESR with its own Total Cookie Protection on (Firefox's default,
// cookieBehavior 5, which puppeteer's test profile would otherwise turn off): click the provider,
// sign in on the test OpenID provider's own form in the popup, see "You are commenting using your
// … account" and post as that identity. Run by tests/widget/test_engines.py, which checks the JSON
// this prints. Usage: node firefox_login.mjs '<json: {page, user}>'
import puppeteer from "puppeteer-core";

const args = JSON.parse(process.argv[2]);
const out = { errors: [], steps: {} };
const TCP = "-tp,tpPrivate,cookieBehavior5,cookieBehaviorPBM5,-cryptoTP,-fp";
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: "/usr/bin/firefox-esr",
  headless: true,
  extraPrefsFirefox: {
    "browser.contentblocking.features.standard": TCP,
    "network.cookie.cookieBehavior": 5,
    "network.cookie.cookieBehavior.pbmode": 5,
  },
});
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => out.errors.push(String(e)));
  page.setDefaultTimeout(20000);
  await page.goto(args.page);
  await page.waitForFunction(() => document.getElementById("parley-thread").shadowRoot?.querySelector("button.prov"));
  const opened = new Promise((resolve) => page.once("popup", resolve));
  await page.click("#parley-thread >>> button.prov");
  const popup = await opened;
  popup.setDefaultTimeout(20000);
  await popup.waitForSelector("input[name=login]");
  await popup.type("input[name=login]", args.user);
  await popup.type("input[name=password]", "any password");
  const closed = new Promise((resolve) => popup.once("close", resolve));
  await popup.click("button[type=submit]");
  await closed;
  out.steps.popupClosed = true;
  await page.waitForFunction(() => document.getElementById("parley-thread").shadowRoot.querySelector(".me"));
  out.steps.me = await page.$eval("#parley-thread >>> .me", (e) => e.textContent.replace(/\s+/g, " ").trim());
  out.steps.nameField = await page.$$eval("#parley-thread >>> #pl-name", (l) => l.length);
  out.steps.cookies = await page.evaluate(() => document.cookie);

  await page.type("#parley-thread >>> #pl-body", "Posted from Firefox as a verified identity");
  await page.click("#parley-thread >>> .form button[type=submit]");
  await page.waitForFunction(() =>
    [...document.getElementById("parley-thread").shadowRoot.querySelectorAll("li.c")].some((li) =>
      li.textContent.includes("Posted from Firefox as a verified identity"),
    ),
  );
  out.steps.author = await page.evaluate(() => {
    const li = [...document.getElementById("parley-thread").shadowRoot.querySelectorAll("li.c")].find((l) =>
      l.textContent.includes("Posted from Firefox as a verified identity"),
    );
    return { name: li.querySelector(".name")?.textContent, badge: li.querySelector(".badge")?.textContent };
  });

  // The session token is kept in the blog's own storage: a reload is still logged in.
  await page.reload();
  await page.waitForFunction(() => document.getElementById("parley-thread").shadowRoot?.querySelector(".me"));
  out.steps.afterReload = await page.$eval("#parley-thread >>> .me b", (e) => e.textContent);
} catch (e) {
  out.failed = String(e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
