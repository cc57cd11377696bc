from tests.builders import make_site, post_comment, read_thread


async def test_post_and_read(client):
    await make_site(client)
    first = await post_comment(client, "Hello **world**")
    await post_comment(client, "A reply", parent_id=first["id"])
    page = await read_thread(client)
    assert page["thread"]["comment_count"] == 2
    assert page["comments"][0]["replies"][0]["body_html"] == "<p>A reply</p>"
