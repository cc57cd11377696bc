"""Reply-tree building: examples and properties over generated forests."""

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from app.comments.tree import MAX_TREE_DEPTH, build_tree


@dataclass
class Item:
    id: int
    parent_id: int | None
    visible: bool = True


def walk(nodes, depth=0):
    for node in nodes:
        yield node, depth
        yield from walk(node.replies, depth + 1)


def test_hidden_comment_with_visible_reply_becomes_placeholder():
    roots = [Item(1, None, visible=False), Item(2, None, visible=False)]
    replies = [Item(3, 1), Item(4, 2, visible=False)]
    tree = build_tree(roots, replies, is_visible=lambda i: i.visible)
    assert [(n.item.id, n.visible) for n in tree] == [(1, False)]
    assert [n.item.id for n in tree[0].replies] == [3]


def test_replies_ordered_by_key_roots_keep_given_order():
    roots = [Item(5, None), Item(1, None)]
    replies = [Item(9, 5), Item(7, 5), Item(8, 5)]
    tree = build_tree(roots, replies, is_visible=lambda i: True, order_key=lambda i: i.id)
    assert [n.item.id for n in tree] == [5, 1]
    assert [n.item.id for n in tree[0].replies] == [7, 8, 9]


def test_very_deep_chain_is_flattened_at_cap_without_recursion_error():
    chain = [Item(i, i - 1) for i in range(2, 5001)]
    tree = build_tree([Item(1, None)], chain, is_visible=lambda i: True)
    depths = [depth for _, depth in walk(tree)]
    assert len(depths) == 5000
    assert max(depths) == MAX_TREE_DEPTH - 1


@st.composite
def forests(draw):
    size = draw(st.integers(min_value=1, max_value=60))
    items = []
    for i in range(1, size + 1):
        parent = (
            None if i == 1 or (draw(st.booleans()) and i % 3 == 0) else draw(st.integers(1, i - 1))
        )
        items.append(Item(i, parent, draw(st.booleans())))
    return items


@given(forests())
def test_tree_keeps_exactly_visible_items_and_their_ancestors(items):
    roots = [i for i in items if i.parent_id is None]
    replies = [i for i in items if i.parent_id is not None]
    tree = build_tree(roots, replies, is_visible=lambda i: i.visible, order_key=lambda i: i.id)
    by_id = {i.id: i for i in items}
    expected = set()
    for item in items:
        if item.visible:
            node = item
            while node is not None:
                expected.add(node.id)
                node = by_id.get(node.parent_id) if node.parent_id else None
    shown = [node.item.id for node, _ in walk(tree)]
    assert len(shown) == len(set(shown))
    assert set(shown) == expected
    for node, _ in walk(tree):
        for child in node.replies:
            assert child.item.parent_id == node.item.id
        assert [c.item.id for c in node.replies] == sorted(c.item.id for c in node.replies)
