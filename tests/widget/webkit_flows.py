"""The widget's thread and guest post in WebKit (Safari's engine): Selenium drives Debian's
WebKitWebDriver and MiniBrowser. Run under `xvfb-run -a` by tests/widget/test_engines.py (it needs
a display); prints a JSON result. Usage: python -m tests.widget.webkit_flows '<json>'"""

import json
import sys
from typing import Any

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"


def main(args: dict[str, Any]) -> dict[str, Any]:
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
        root = host.shadow_root
        steps["heading"] = root.find_element(By.CSS_SELECTOR, "h2").text
        steps["comments"] = len(root.find_elements(By.CSS_SELECTOR, "li.c"))
        root.find_element(By.CSS_SELECTOR, "#pl-name").send_keys("Wes")
        root.find_element(By.CSS_SELECTOR, "#pl-email").send_keys("wes@example.org")
        root.find_element(By.CSS_SELECTOR, "#pl-body").send_keys("Posted from WebKit")
        root.find_element(By.CSS_SELECTOR, ".form button[type=submit]").click()
        wait.until(
            lambda d: any(
                "Posted from WebKit" in li.text
                for li in root.find_elements(By.CSS_SELECTOR, "li.c")
            )
        )
        steps["posted"] = root.find_element(By.CSS_SELECTOR, "h2").text
    finally:
        driver.quit()
    return steps


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(json.loads(sys.argv[1]))) + "\n")
