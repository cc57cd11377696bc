"""markdown-it, stock, with the renderer's options: the reference the renderer's quicker paths
(the link pre-test, the plain-comment renderer) must match."""

from markdown_it import MarkdownIt

STOCK = MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True}).enable(
    ["linkify", "strikethrough"]
)
