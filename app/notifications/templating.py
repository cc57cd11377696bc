"""The Jinja2 environment of the notification mails and pages (templates/ beside this module).

HTML templates autoescape every value; text templates (`.txt`, the plain-text part of mails)
do not, as plain text needs no escaping. HTML that is meant to be markup (a comment's rendered
body, sanitized again for mail) is passed as `markupsafe.Markup`."""

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

_ENV = Environment(
    loader=PackageLoader("app.notifications", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render(name: str, **values: Any) -> str:
    """The template `name` filled with `values`."""
    return _ENV.get_template(name).render(**values)
