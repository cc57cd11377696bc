"""Input types shared by every schema: text that every database can store, bounded ids."""

from typing import Annotated

from pydantic import AfterValidator, Field


def _storable(value: str) -> str:
    # PostgreSQL text cannot hold NUL, and lone surrogates cannot be encoded: refuse, don't 500.
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text must be valid Unicode") from exc
    return value


Text = Annotated[str, AfterValidator(_storable)]
DB_INT_MAX = 2**31 - 1
RowId = Annotated[int, Field(ge=1, le=DB_INT_MAX)]
