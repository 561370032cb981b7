"""Markdown to HTML that is safe to show: rendered by markdown-it, then sanitised by nh3."""

import nh3
from anyio import to_thread
from markdown_it import MarkdownIt

# Raw HTML in the source is escaped by markdown-it ("html": False); nh3 then keeps only
# harmless tags and forces rel=noopener noreferrer on links.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}


def markdown_to_safe_html(source: str) -> str:
    html = _markdown.render(source)
    # Headings inside a section body sit below the section's own heading.
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


async def render_markdown(source: str) -> str:
    """markdown_to_safe_html in a worker thread: some 20,000 characters of nested brackets
    keep markdown-it busy for a good part of a second, which must not hold up every other
    request this process is serving."""
    return await to_thread.run_sync(markdown_to_safe_html, source)
