"""Where imported threads land: origin remapping and path-prefix rewrites, then normalization."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from app.sites.urls import InvalidURL, normalize_origin, normalize_post_url, origin_of


def parse_mapping(spec: str, what: str) -> tuple[str, str]:
    """`old=new` → (old, new); raises ValueError with a readable message."""
    old, sep, new = spec.partition("=")
    if not sep or not old.strip() or not new.strip():
        raise ValueError(f"{what} mapping must look like OLD=NEW, got {spec!r}")
    return old.strip(), new.strip()


@dataclass(frozen=True)
class UrlMapper:
    """Origins `old → new` (e.g. https://old.example=https://new.example) and path prefixes
    `old → new` (e.g. /blog/=/), applied in that order."""

    origins: dict[str, str] = field(default_factory=dict)
    prefixes: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_specs(cls, origin_specs: list[str], prefix_specs: list[str]) -> "UrlMapper":
        origins = {}
        for spec in origin_specs:
            old, new = parse_mapping(spec, "origin")
            try:
                origins[normalize_origin(old)] = normalize_origin(new)
            except InvalidURL as exc:
                raise ValueError(f"origin mapping {spec!r}: {exc}") from exc
        prefixes = []
        for spec in prefix_specs:
            old, new = parse_mapping(spec, "path")
            if not old.startswith("/") or not new.startswith("/"):
                raise ValueError(f"path mapping {spec!r}: both sides must start with /")
            prefixes.append((old, new))
        return cls(origins=origins, prefixes=tuple(prefixes))

    def map(self, url: str) -> str:
        """The normalized thread URL for a source URL; raises InvalidURL."""
        origin = origin_of(url)
        parts = urlsplit(url.strip())
        target = urlsplit(self.origins.get(origin, origin))
        path = parts.path or "/"
        for old, new in self.prefixes:
            if path.startswith(old):
                path = new + path[len(old) :]
                break
        path = "/" + path.lstrip("/")
        return normalize_post_url(urlunsplit((target.scheme, target.netloc, path, parts.query, "")))
