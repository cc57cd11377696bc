"""How deep a JSON text nests, decided in linear time before any parser recurses into it.

No regular expression and no loop per character: every step is a C-level scan of the text
(`bytes.replace`, `translate`, `split`), so the work grows linearly with the size of the text
whatever it holds. Escapes go first (outside strings a JSON text has no backslash, so pairing
them from the left pairs them as a parser would), then everything but quotes and brackets,
then the strings; matched bracket pairs are then removed innermost first, one level per pass,
at most `limit` passes. A balanced text is empty after as many passes as it nests deep, so
anything left over nests too deep or does not balance (and a JSON parser refuses it anyway).
"""

MAX_JSON_DEPTH = 32
_NOT_TOKEN = bytes(b for b in range(256) if b not in b'"[]{}')
_CHUNK = 1 << 20  # strings are cut out a chunk at a time: bounded memory for a 50 MB upload


def json_depth_exceeds(doc: bytes | str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether arrays and objects nest deeper than `limit`, or their brackets do not balance
    (brackets inside strings don't count). Two counts for a body with few brackets."""
    data = doc.encode("utf-8", "surrogatepass") if isinstance(doc, str) else doc
    if data.count(b"[") + data.count(b"{") <= limit:
        return False
    tokens = data.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_TOKEN)
    brackets = outside_strings(tokens).replace(b"{", b"[").replace(b"}", b"]")
    return bool(reduce_brackets(brackets, limit)[0])


def outside_strings(tokens: bytes) -> bytes:
    """`tokens` (quotes and brackets, no escapes) without its strings; an unterminated string
    runs to the end."""
    # Two quotes in a row end one string and start the next (or hold an empty one): dropping
    # them leaves every bracket inside or outside a string as it was.
    tokens = tokens.replace(b'""', b"")
    kept: list[bytes] = []
    inside = 0
    for start in range(0, len(tokens), _CHUNK):
        parts = tokens[start : start + _CHUNK].split(b'"')
        kept.append(b"".join(parts[inside::2]))
        inside ^= (len(parts) - 1) & 1
    return b"".join(kept)


def reduce_brackets(brackets: bytes, limit: int) -> tuple[bytes, int]:
    """Remove innermost `[]` pairs of `brackets` (only `[` and `]`) level by level, at most
    `limit` levels: what is left, and how many passes ran (each one C-level scan)."""
    too_deep = b"[" * (limit + 1)
    passes = 0
    while brackets and passes < limit:
        if too_deep in brackets:
            break
        shorter = brackets.replace(b"[]", b"")
        passes += 1
        if len(shorter) == len(brackets):
            break
        brackets = shorter
    return brackets, passes
