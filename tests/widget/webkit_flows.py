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
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"


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
        wait = WebDriverWait(driver, 30)
        host = driver.find_element(By.ID, "parley-thread")
        wait.until(lambda d: "thought" in host.shadow_root.find_element(By.CSS_SELECTOR, "h2").text)
        flow(driver, wait, host.shadow_root, args, steps)
    finally:
        driver.quit()
    return steps


def texts(root: Any, selector: str) -> list[str]:
    return [e.text for e in root.find_elements(By.CSS_SELECTOR, selector)]


def post(driver: Any, wait: WebDriverWait, root: Any, args: dict[str, Any], steps: dict[str, Any]):
    steps["heading"] = root.find_element(By.CSS_SELECTOR, "h2").text
    steps["comments"] = len(root.find_elements(By.CSS_SELECTOR, "li.c"))
    root.find_element(By.CSS_SELECTOR, "#pl-name").send_keys("Wes")
    root.find_element(By.CSS_SELECTOR, "#pl-email").send_keys("wes@example.org")
    root.find_element(By.CSS_SELECTOR, "#pl-body").send_keys("Posted from WebKit")
    root.find_element(By.CSS_SELECTOR, ".form button[type=submit]").click()
    wait.until(
        lambda d: any(
            "Posted from WebKit" in li.text for li in root.find_elements(By.CSS_SELECTOR, "li.c")
        )
    )
    steps["posted"] = root.find_element(By.CSS_SELECTOR, "h2").text


def live(driver: Any, wait: WebDriverWait, root: Any, args: dict[str, Any], steps: dict[str, Any]):
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
    wait.until(lambda d: "New comments: 1" in texts(root, "button"))
    steps["live"] = True
    steps["comments"] = len(root.find_elements(By.CSS_SELECTOR, "li.c"))


def login(driver: Any, wait: WebDriverWait, root: Any, args: dict[str, Any], steps: dict[str, Any]):
    blog = driver.current_window_handle
    root.find_element(By.CSS_SELECTOR, "button.prov").click()
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
    wait.until(lambda d: root.find_elements(By.CSS_SELECTOR, ".me"))
    steps["me"] = " ".join(root.find_element(By.CSS_SELECTOR, ".me").text.split())
    steps["nameField"] = len(root.find_elements(By.CSS_SELECTOR, "#pl-name"))
    steps["cookies"] = driver.execute_script("return document.cookie")
    root.find_element(By.CSS_SELECTOR, "#pl-body").send_keys(
        "Posted from WebKit as a verified identity"
    )
    root.find_element(By.CSS_SELECTOR, ".form button[type=submit]").click()
    mine = "li.c"
    wait.until(
        lambda d: any(
            "Posted from WebKit as a verified identity" in li.text
            for li in root.find_elements(By.CSS_SELECTOR, mine)
        )
    )
    (li,) = [
        li
        for li in root.find_elements(By.CSS_SELECTOR, mine)
        if "Posted from WebKit as a verified identity" in li.text
    ]
    steps["author"] = {
        "name": li.find_element(By.CSS_SELECTOR, ".name").text,
        "badge": li.find_element(By.CSS_SELECTOR, ".badge").text,
    }
    # The session token is kept in the blog's own storage: a reload is still logged in.
    driver.refresh()
    host = driver.find_element(By.ID, "parley-thread")
    wait.until(lambda d: host.shadow_root.find_elements(By.CSS_SELECTOR, ".me b"))
    steps["afterReload"] = host.shadow_root.find_element(By.CSS_SELECTOR, ".me b").text


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(json.loads(sys.argv[1]))) + "\n")
