"""Firefox ESR driven over WebDriver BiDi (its own protocol: no driver binary), with JavaScript
off in the profile. The test's own probes run in a BiDi sandbox, which the page's disabled
scripts do not affect — as a reader's typing and clicking would not."""

import asyncio
import json
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import websockets

from tests.live import free_port
from tests.waiting import until

FIREFOX = Path("/usr/bin/firefox-esr")
PREFS = """
user_pref("javascript.enabled", false);
user_pref("remote.active-protocols", 1);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
"""


class Firefox:
    """One tab of a headless Firefox ESR."""

    def __init__(self, socket: Any) -> None:
        self.socket, self.next_id, self.context = socket, 0, ""

    async def command(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self.next_id += 1
        sent = self.next_id
        await self.socket.send(json.dumps({"id": sent, "method": method, "params": params}))
        while True:
            message = json.loads(await asyncio.wait_for(self.socket.recv(), 30))
            if message.get("id") == sent:
                if message.get("type") == "error":
                    raise RuntimeError(f"{method}: {message}")
                result: dict[str, Any] = message["result"]
                return result

    async def start(self) -> None:
        await self.command("session.new", {"capabilities": {}})
        tree = await self.command("browsingContext.getTree", {})
        self.context = tree["contexts"][0]["context"]

    async def goto(self, url: str) -> None:
        await self.command(
            "browsingContext.navigate", {"context": self.context, "url": url, "wait": "complete"}
        )

    async def evaluate(self, expression: str) -> Any:
        """An expression's value, evaluated in the test's sandbox (not by the page's scripts)."""
        result = await self.command(
            "script.evaluate",
            {
                "expression": expression,
                "target": {"context": self.context, "sandbox": "test"},
                "awaitPromise": False,
            },
        )
        if result.get("type") != "success":
            raise RuntimeError(result)
        return result["result"].get("value")

    async def url(self) -> str:
        tree = await self.command("browsingContext.getTree", {"root": self.context})
        url: str = tree["contexts"][0]["url"]
        return url

    async def text(self, selector: str) -> str | None:
        found = await self.evaluate(
            f"(document.querySelector({json.dumps(selector)}) || {{}}).textContent"
        )
        return found if isinstance(found, str) else None

    async def fill(self, selector: str, value: str) -> None:
        await self.evaluate(
            f"document.querySelector({json.dumps(selector)}).value = {json.dumps(value)}"
        )

    async def click_and_wait(self, selector: str) -> None:
        """Click (a submit button, a link) and wait until the next page has loaded."""
        before = await self.url()
        await self.evaluate(
            f"document.querySelector({json.dumps(selector)}).setAttribute('data-left', '1'),"
            f" document.querySelector({json.dumps(selector)}).click()"
        )

        async def arrived() -> bool:
            # RuntimeError: between documents.
            state = await self.evaluate(
                "document.readyState + ' ' + !!document.querySelector('[data-left]')"
            )
            return state == "complete false" and await self.url() not in (before, "about:blank")

        what = f"a new page after clicking {selector} on {before}"
        await until(arrived, what, within=60, ignore=(RuntimeError,))


@asynccontextmanager
async def firefox() -> AsyncIterator[Firefox]:
    profile = Path(tempfile.mkdtemp(prefix="parley-firefox-"))
    (profile / "user.js").write_text(PREFS)
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        str(FIREFOX),
        "--headless",
        "--no-remote",
        "--profile",
        str(profile),
        f"--remote-debugging-port={port}",
        "about:blank",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        socket = await until(
            lambda: websockets.connect(f"ws://127.0.0.1:{port}/session", max_size=None),
            "Firefox to open its BiDi port",
            within=60,
            interval=0.2,
            ignore=(OSError,),
        )
        browser = Firefox(socket)
        await browser.start()
        try:
            yield browser
        finally:
            await socket.close()
    finally:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 20)
        except TimeoutError:
            process.kill()
            await process.wait()
        shutil.rmtree(profile, ignore_errors=True)
