"""Pure reply-tree building: no I/O, so it is tested directly."""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# Deeper replies hang from their ancestor at this depth: keeps serializers' recursion bounded.
MAX_TREE_DEPTH = 64


@dataclass
class Node(Generic[T]):
    item: T
    visible: bool
    replies: list["Node[T]"] = field(default_factory=list)


def build_tree(
    roots: Sequence[T],
    descendants: Sequence[T],
    *,
    is_visible: Callable[[T], bool],
    order_key: Callable[[T], Any] | None = None,
    id_of: Callable[[T], int] = attrgetter("id"),
    parent_of: Callable[[T], int | None] = attrgetter("parent_id"),
) -> list[Node[T]]:
    """Nest `descendants` under `roots` (kept in the given order), replies in `order_key` order.

    A hidden comment is kept, as a placeholder, only when some reply under it is visible, so a
    conversation never loses its shape; hidden leaves and whole hidden branches are dropped.
    Descendants whose parent is missing are dropped too (their branch is not in this page).
    """
    children: dict[int, list[T]] = defaultdict(list)
    for item in descendants:
        parent_id = parent_of(item)
        if parent_id is not None:
            children[parent_id].append(item)
    if order_key is not None:
        for siblings in children.values():
            siblings.sort(key=order_key)
    built = [_build(root, children, is_visible, id_of) for root in roots]
    return [node for node in built if node is not None]


def _build(
    root: T,
    children: dict[int, list[T]],
    is_visible: Callable[[T], bool],
    id_of: Callable[[T], int],
) -> Node[T] | None:
    # Iterative walk: imported threads can be deeper than Python's recursion limit.
    root_node: Node[T] = Node(root, is_visible(root))
    walk: list[tuple[Node[T], Node[T] | None]] = []  # (node, node it hangs from), pre-order
    stack: list[tuple[Node[T], Node[T] | None, int]] = [(root_node, None, 0)]
    while stack:
        node, parent, depth = stack.pop()
        walk.append((node, parent))
        # Past the depth cap, replies hang from this node's own parent instead.
        hang_from = node if depth + 1 < MAX_TREE_DEPTH else parent
        child_depth = min(depth + 1, MAX_TREE_DEPTH - 1)
        for child in reversed(children.get(id_of(node.item), ())):
            stack.append((Node(child, is_visible(child)), hang_from, child_depth))
    # Children come after their parent in pre-order, so a reverse pass settles them first.
    for node, parent in reversed(walk):
        if parent is not None and (node.visible or node.replies):
            parent.replies.append(node)
    for node, _ in walk:
        node.replies.reverse()
    return root_node if root_node.visible or root_node.replies else None
