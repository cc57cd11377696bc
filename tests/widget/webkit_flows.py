"""The widget's core flows in WebKit (Safari's engine): Selenium drives Debian's WebKitWebDriver and
MiniBrowser. Run under `xvfb-run -a` by tests/widget/test_engines.py (it needs a display); prints a
JSON result. Usage: python -m tests.widget.webkit_flows '<json: {flow, page, ...}>', where flow is
"post" (thread and guest post), "live" (a comment posted elsewhere arrives without a reload) or
"login" (the provider's login popup, then a comment as that identity)."""

import json
import sys
import time
from typing import Any

import httpx
from selenium import webdriver
from selenium.common.exceptions import (
    DetachedShadowRootException,
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
# The widget redraws its list: read the shadow DOM in one script (no element handle can go
# stale between finding and reading it), and let waits retry over a redraw.
REDRAWN = (StaleElementReferenceException, DetachedShadowRootException, NoSuchElementException)


def shadow(driver: Any, expr: str, *args: Any) -> Any:
    """Evaluate `expr` with `r` bound to the widget's shadow root (null before it exists)."""
    return driver.execute_script(
        "const r = document.getElementById('parley-thread')?.shadowRoot; "
        "if (!r) return null; return " + expr,
        *args,
    )


def field(driver: Any, selector: str) -> Any:
    return driver.find_element(By.ID, "parley-thread").shadow_root.find_element(
        By.CSS_SELECTOR, selector
    )


HAS_COMMENT = "[...r.querySelectorAll('li.c')].some((li) => li.textContent.includes(arguments[0]))"


def main(args: dict[str, Any]) -> dict[str, Any]:
    flow = {"post": post, "live": live, "login": login}[args.get("flow", "post")]
    options = Options()
    options.binary_location = MINIBROWSER
    options.add_argument("--automation")
    driver = webdriver.WebKitGTK(
        options=options, service=Service(executable_path="/usr/bin/WebKitWebDriver")
    )
    steps: dict[str, Any] = {}
    try:
        driver.get(args["page"])
        wait = WebDriverWait(driver, 30, ignored_exceptions=REDRAWN)
        wait.until(lambda d: "thought" in (shadow(d, "r.querySelector('h2')?.textContent") or ""))
        flow(driver, wait, args, steps)
    finally:
        driver.quit()
    return steps


def post(driver: Any, wait: WebDriverWait, args: dict[str, Any], steps: dict[str, Any]) -> None:
    steps["heading"] = shadow(driver, "r.querySelector('h2').textContent")
    steps["comments"] = shadow(driver, "r.querySelectorAll('li.c').length")
    field(driver, "#pl-name").send_keys("Wes")
    field(driver, "#pl-email").send_keys("wes@example.org")
    field(driver, "#pl-body").send_keys("Posted from WebKit")
    field(driver, ".form button[type=submit]").click()
    wait.until(lambda d: shadow(d, HAS_COMMENT, "Posted from WebKit"))
    steps["posted"] = shadow(driver, "r.querySelector('h2').textContent")


def live(driver: Any, wait: WebDriverWait, args: dict[str, Any], steps: dict[str, Any]) -> None:
    time.sleep(1)  # the event stream opens after the first paint
    elsewhere = httpx.post(
        f"{args['api']}/api/v1/sites/{args['site']}/comments",
        headers={"Origin": args["origin"]},
        json={
            "url": args["page"],
            "title": "A post",
            "body": "From elsewhere",
            "author_name": "Gus",
            "author_email": "gus@example.org",
        },
    )
    steps["elsewhere"] = elsewhere.status_code
    wait.until(
        lambda d: shadow(
            d,
            "[...r.querySelectorAll('button')].some((b) => !b.hidden && b.textContent == 'New comments: 1')",
        )
    )
    steps["live"] = True
    steps["comments"] = shadow(driver, "r.querySelectorAll('li.c').length")


MINE = "Posted from WebKit as a verified identity"


def login(driver: Any, wait: WebDriverWait, args: dict[str, Any], steps: dict[str, Any]) -> None:
    blog = driver.current_window_handle
    field(driver, "button.prov").click()
    wait.until(lambda d: len(d.window_handles) == 2)
    (popup,) = [w for w in driver.window_handles if w != blog]
    driver.switch_to.window(popup)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "input[name=login]"))
    driver.find_element(By.CSS_SELECTOR, "input[name=login]").send_keys(args["user"])
    driver.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys("any password")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(lambda d: d.window_handles == [blog])
    steps["popupClosed"] = True
    driver.switch_to.window(blog)
    wait.until(lambda d: shadow(d, "r.querySelector('.me')"))
    steps["me"] = " ".join(shadow(driver, "r.querySelector('.me').textContent").split())
    steps["nameField"] = shadow(driver, "r.querySelectorAll('#pl-name').length")
    steps["cookies"] = driver.execute_script("return document.cookie")
    field(driver, "#pl-body").send_keys(MINE)
    field(driver, ".form button[type=submit]").click()
    wait.until(lambda d: shadow(d, HAS_COMMENT, MINE))
    steps["author"] = shadow(
        driver,
        "(() => { const li = [...r.querySelectorAll('li.c')].find((l) => l.textContent.includes(arguments[0]));"
        " return { name: li.querySelector('.name')?.textContent, badge: li.querySelector('.badge')?.textContent }; })()",
        MINE,
    )
    # The session token is kept in the blog's own storage: a reload is still logged in.
    driver.refresh()
    wait.until(lambda d: shadow(d, "r.querySelector('.me b')"))
    steps["afterReload"] = shadow(driver, "r.querySelector('.me b').textContent")


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(json.loads(sys.argv[1]))) + "\n")
