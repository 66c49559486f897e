"""What a strict Content Security Policy blocks in a page or template: inline scripts (a `<script>`
without `src`, other than a JSON data block), event-handler attributes (`onclick=` ...),
`javascript:` addresses, htmx's `hx-on` (run as script), `style=` attributes and `<style>`
elements (inline SVG included)."""

import re

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_DATA_BLOCK = re.compile(r"""\btype=["']application/(?:ld\+)?json["']""", re.I)
_TAG = re.compile(r"<[a-z][^<>]*>", re.S | re.I)
_ATTRIBUTES = [
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\shx-on[:\-=]", re.I), "hx-on handler"),
    (re.compile(r"""=\s*["']?\s*javascript:""", re.I), "javascript: address"),
]
_STYLE_ELEMENT = re.compile(r"<style\b", re.I)
_COMMENTS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}|<!--.*?-->", re.S)


def inline_bits(source: str) -> list[str]:
    """Each inline script, handler or style in the page or template, briefly."""
    source = _COMMENTS.sub(" ", source)
    found = []
    for attributes, body in _SCRIPT.findall(source):
        if _DATA_BLOCK.search(attributes):
            continue
        if "src=" not in attributes or body.strip():
            found.append(f"inline script: <script{attributes}>{body.strip()[:40]}")
    found += [f"style element: {m.group(0)}" for m in _STYLE_ELEMENT.finditer(source)]
    for tag in _TAG.findall(source):
        found += [f"{what}: {tag[:80]}" for pattern, what in _ATTRIBUTES if pattern.search(tag)]
    return found
