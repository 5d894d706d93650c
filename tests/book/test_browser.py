"""The built book in a real browser (Debian's Chromium driven by playwright).

The HTML is served on 127.0.0.1 by a thread of this process; every request to
any other host is aborted and recorded, so the book must work offline: MathJax
comes from the book's own ``_static/mathjax`` and the demos are inline HTML.

Checked on every page of the table of contents: no console error, no external
request, math typeset by MathJax, every image loaded and described by alt text,
every static demo responds to its controls, and every internal link (and its
``#anchor``) exists. The search page must find "perceptron". Screenshots of the
introduction and the first chapter, light and dark, go to ``_build/screenshots/``.
"""

from __future__ import annotations

import functools
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .test_book_build import toc_files

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
MATHJAX_TIMEOUT_MS = 20_000


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="module")
def site(built_book):
    """Base URL of the built book, served from a background thread on a free port."""
    # A build with warnings still writes every page (--keep-going): check the pages anyway,
    # test_book_builds_without_warnings reports the warnings themselves.
    assert (built_book.html / "intro.html").is_file(), "the book wrote no HTML:\n" + built_book.log[-3000:]
    handler = functools.partial(_QuietHandler, directory=str(built_book.html))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser_context(site):
    """A Chromium context in which only 127.0.0.1 is reachable; ``.blocked`` lists the rest."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        blocked: list[str] = []

        def route(route_request):
            url = route_request.request.url
            if urlsplit(url).hostname == "127.0.0.1":
                route_request.continue_()
            else:
                blocked.append(url)
                route_request.abort()

        context.route("**/*", route)
        context.blocked = blocked
        yield context
        context.close()
        browser.close()


def _page_url(site: str, document: str) -> str:
    return f"{site}{document}.html"


_READ_PAGE = """
async () => {
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const images = [...document.images];
  for (const img of images) { img.loading = "eager"; }
  await Promise.race([
    Promise.all(images.map((img) => img.complete ? null
      : new Promise((resolve) => {
          img.addEventListener("load", resolve);
          img.addEventListener("error", resolve);
        }))),
    wait(10000),
  ]);
  return {
    math: document.querySelectorAll("span.math, div.math").length,
    typeset: document.querySelectorAll("mjx-container").length,
    mathjaxScripts: [...document.scripts].map((s) => s.src).filter((src) => /mathjax/i.test(src)),
    images: images.map((img) => ({
      src: (img.getAttribute("src") || "").slice(0, 80),
      loaded: img.complete && img.naturalWidth > 0,
      alt: (img.getAttribute("alt") || "").trim(),
    })),
    links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
    demos: document.querySelectorAll("div.nnlib-static-demo").length,
  };
}
"""

# Moves every control of every static demo once; reports whether the displayed frame changed.
_EXERCISE_DEMOS = """
async () => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const results = [];
  for (const [d, root] of [...document.querySelectorAll("div.nnlib-static-demo")].entries()) {
    const img = root.querySelector("img.nnlib-static-frame") || root.querySelector("img");
    const controls = [...root.querySelectorAll("input[type=range], select")];
    if (!img || controls.length === 0) {
      results.push({demo: d, control: null, changed: false, why: "no <img> or no range/select control"});
      continue;
    }
    for (const control of controls) {
      const before = img.getAttribute("src");
      const name = control.getAttribute("data-control") || control.tagName;
      if (control.tagName === "SELECT") {
        if (control.options.length < 2) {
          results.push({demo: d, control: name, changed: false, why: "fewer than 2 options"});
          continue;
        }
        control.selectedIndex = (control.selectedIndex + 1) % control.options.length;
      } else {
        const step = Number(control.step) > 0 ? Number(control.step) : 1;
        const max = control.max === "" ? 100 : Number(control.max);
        const value = Number(control.value);
        control.value = String(value + step <= max ? value + step : value - step);
      }
      control.dispatchEvent(new Event("input", {bubbles: true}));
      control.dispatchEvent(new Event("change", {bubbles: true}));
      await frame();
      const changed = img.getAttribute("src") !== before;
      results.push({demo: d, control: name, changed: changed, why: "frame unchanged"});
    }
  }
  return results;
}
"""


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


@functools.cache
def _anchors_of(path: Path) -> frozenset[str]:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return frozenset(parser.ids)


def _chapters_with_demos(book_root: Path) -> set[str]:
    """Documents whose notebook calls ``nl.widgets.<demo>()`` in a code cell."""
    import nbformat

    documents = set()
    for notebook in sorted((book_root / "chapters").glob("*.ipynb")):
        cells = nbformat.read(notebook, as_version=4).cells
        if any(c.cell_type == "code" and "nl.widgets." in c.source for c in cells):
            documents.add(f"chapters/{notebook.stem}")
    return documents


@pytest.fixture(scope="module")
def pages(built_book, site, browser_context) -> dict[str, dict]:
    """Visit every page of the table of contents once; what each one showed."""
    seen = {}
    for document in toc_files(built_book.root):
        page = browser_context.new_page()
        errors: list[str] = []
        page.on("console", lambda message, errors=errors: errors.append(message.text)
                if message.type == "error" else None)  # fmt: skip
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.goto(_page_url(site, document), wait_until="load")
        if page.evaluate("() => document.querySelectorAll('span.math, div.math').length") > 0:
            page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                                   timeout=MATHJAX_TIMEOUT_MS)  # fmt: skip
            page.evaluate("() => MathJax.startup.promise")
        info = page.evaluate(_READ_PAGE)
        info["demo_results"] = page.evaluate(_EXERCISE_DEMOS)
        info["errors"] = errors
        seen[document] = info
        page.close()
    return seen


def test_every_page_loads_without_console_errors(pages):
    failing = {document: info["errors"] for document, info in pages.items() if info["errors"]}
    assert failing == {}, f"console errors: {failing}"


def test_nothing_is_fetched_from_outside(pages, browser_context):
    assert browser_context.blocked == [], f"requests to other hosts (blocked): {browser_context.blocked[:20]}"


def test_math_is_typeset_by_the_local_mathjax(pages, site):
    pages_with_math = {document: info for document, info in pages.items() if info["math"]}
    assert pages_with_math, "no page has math: the check would prove nothing"
    for document, info in pages_with_math.items():
        assert info["typeset"] > 0, f"{document}: {info['math']} math elements but no mjx-container"
        assert info["mathjaxScripts"], f"{document}: no MathJax script"
        for src in info["mathjaxScripts"]:
            assert src.startswith(site) and "/_static/mathjax/" in src, f"{document}: MathJax from {src}"


def test_every_image_loads_and_has_alt_text(pages):
    problems = [
        f"{document}: {image['src']!r} " + ("did not load" if not image["loaded"] else "has no alt text")
        for document, info in pages.items()
        for image in info["images"]
        if not image["loaded"] or not image["alt"]
    ]
    assert problems == [], "\n".join(problems)


def test_every_demo_responds_to_its_controls(pages, built_book):
    expected = _chapters_with_demos(built_book.root)
    without = sorted(document for document in expected if pages.get(document, {}).get("demos", 0) == 0)
    assert without == [], f"chapters that call nl.widgets but show no static demo: {without}"
    dead = [
        f"{document}: demo {result['demo']} control {result['control']}: {result['why']}"
        for document, info in pages.items()
        for result in info["demo_results"]
        if not result["changed"]
    ]
    assert dead == [], "\n".join(dead)


def test_no_internal_link_is_broken(pages, site, built_book):
    broken = set()
    for document, info in pages.items():
        for href in info["links"]:
            if not href.startswith(site):
                continue  # external (not followed) or javascript:/mailto:
            parts = urlsplit(href)
            relative = unquote(parts.path)[1:]
            target = built_book.html / (relative + "index.html" if relative.endswith("/") or not relative
                                        else relative)  # fmt: skip
            if not target.is_file():
                broken.add(f"{document}: {href} (no file {target.relative_to(built_book.html)})")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in _anchors_of(target)
            ):
                broken.add(f"{document}: {href} (no id {parts.fragment!r})")
    assert not broken, "\n".join(sorted(broken))


def test_search_finds_perceptron(site, browser_context):
    page = browser_context.new_page()
    page.goto(f"{site}search.html?q=perceptron", wait_until="load")
    page.wait_for_selector("ul.search li", timeout=15_000)
    assert page.locator("ul.search li").count() >= 1
    page.close()


def test_screenshots_light_and_dark(site, browser_context, built_book):
    """Screenshots for a person to look at (not compared): intro and first chapter."""
    out = built_book.root / "_build" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    documents = [document for document in toc_files(built_book.root) if document.startswith("chapters/")][:1]
    for document in ["intro", *documents]:
        for scheme in ("light", "dark"):
            page = browser_context.new_page()
            page.emulate_media(color_scheme=scheme)
            page.goto(_page_url(site, document), wait_until="load")
            if page.evaluate("() => !!window.MathJax"):
                page.wait_for_function(
                    "() => MathJax.startup && MathJax.startup.promise", timeout=MATHJAX_TIMEOUT_MS
                )
                page.evaluate("() => MathJax.startup.promise")
            assert page.evaluate("() => document.documentElement.dataset.theme") == scheme
            path = out / f"{document.replace('/', '_')}-{scheme}.png"
            page.screenshot(path=str(path))
            assert path.stat().st_size > 10_000, f"{path} looks empty"
            page.close()
