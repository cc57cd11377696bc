"""What the page's event streams are doing, seen from inside the page: an init script wraps
`EventSource` (the widget's code is untouched) so a test can wait for a stream to be open or for
an event to have been handled, instead of sleeping and hoping."""

from playwright.sync_api import Page

# Installed on the test context before any page script runs. A counter listener is added after
# the widget's own listener for each event type, so a counted event has already been handled.
STREAM_PROBE = """
(() => {
  const Native = window.EventSource;
  if (!Native) return;
  const streams = (window.__parleyStreams = []);
  window.EventSource = class extends Native {
    constructor(url, init) {
      super(url, init);
      this.received = {};
      streams.push(this);
    }
    addEventListener(type, listener, options) {
      super.addEventListener(type, listener, options);
      if (!(type in this.received)) {
        this.received[type] = 0;
        super.addEventListener(type, () => { this.received[type] += 1; });
      }
    }
  };
})();
"""

OPEN = "(n) => (window.__parleyStreams || []).filter((s) => s.readyState === 1).length >= n"
RECEIVED = """([type, n]) => (window.__parleyStreams || [])
  .reduce((sum, s) => sum + (s.received[type] || 0), 0) >= n"""
TIMEOUT_MS = 30_000


def stream_open(page: Page, count: int = 1) -> None:
    """Wait until `count` of the page's event streams are open (the server answered; it
    subscribes as it starts the body, before anything a test posts next can commit)."""
    page.wait_for_function(OPEN, arg=count, timeout=TIMEOUT_MS)


def events_handled(page: Page, event_type: str, count: int = 1) -> None:
    """Wait until the page's streams have handled `count` events of `event_type` in all."""
    page.wait_for_function(RECEIVED, arg=[event_type, count], timeout=TIMEOUT_MS)
