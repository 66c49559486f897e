"""The JSON API's docs page (issue 19) works with no internet: Swagger UI from our own static
files, under the strict Content Security Policy (the `page` fixture fails on anything blocked)."""

from playwright.sync_api import expect


def test_api_docs_load_from_our_own_files(page, served):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/v1/docs")
    expect(page.get_by_text("/api/v1/people/{pk}/contacts").first).to_be_visible()
    assert requested, "the page asked for nothing"
    assert all(url.startswith(served) for url in requested), requested
