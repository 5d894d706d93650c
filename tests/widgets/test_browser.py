"""Real-browser tests (Debian Chromium through playwright; never downloads a browser).

1. JupyterLab on 127.0.0.1: open a notebook with the playground, the
   vanishing-gradient demo and the XOR demo, run all cells, click the
   playground's 'step' button and check that the picture changed; check that
   the XOR epoch slider reads the epoch (1000, not an index) and that every
   live picture has at least twice as many pixels as the CSS width it is shown at.
2. A static twin saved as a plain HTML file: its inline script runs on page
   load, and moving the slider changes the <img> src.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _browser(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=ARGS)


@pytest.mark.browser
def test_static_twin_scrubs_in_chromium(tmp_path, monkeypatch):
    from playwright.sync_api import sync_playwright

    import nnlib as nl

    monkeypatch.setenv("NNLIB_DEMO_MODE", "static")
    twins = [nl.widgets.lr_schedules(), nl.widgets.learning_rate()]  # two demos on one page
    page_file = tmp_path / "page.html"
    page_file.write_text(
        "<!doctype html><html><body>" + "".join(t.to_html() for t in twins) + "</body></html>"
    )
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            for name in ("lr_schedules", "learning_rate"):
                root = page.locator(f'div.nnlib-static-demo[data-demo="{name}"]')
                assert root.get_attribute("data-ready") == "1"  # the inline script ran on load
                img = root.locator("img.nnlib-static-frame")
                before = img.get_attribute("src")
                root.locator('input[type="range"]').focus()
                page.keyboard.press("ArrowRight")
                assert img.get_attribute("src") != before
                before = img.get_attribute("src")
                root.locator("select").select_option(index=1)
                assert img.get_attribute("src") != before
        finally:
            browser.close()


@pytest.mark.browser
def test_playground_in_jupyterlab(tmp_path):
    from playwright.sync_api import sync_playwright

    root = tmp_path / "lab"
    root.mkdir()
    shutil.copy(HERE / "browser_demo.ipynb", root / "demo.ipynb")
    settings = tmp_path / "settings"
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}'
    )
    port, token = _free_port(), "nnlib-test-token"
    env = {
        **os.environ,
        "NNLIB_DEMO_MODE": "live",
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.extension_manager=readonly",
        ]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError("JupyterLab did not start") from None
                time.sleep(0.5)
        with sync_playwright() as p:
            browser = _browser(p)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"{base}/lab/tree/demo.ipynb?token={token}")
                try:
                    page.wait_for_function("window.jupyterapp !== undefined", timeout=60_000)
                    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
                    page.wait_for_function(  # the kernel is up before we run anything
                        "window.jupyterapp.shell.currentWidget?.sessionContext"
                        "?.session?.kernel?.status === 'idle'",
                        timeout=90_000,
                    )
                    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
                    step = page.locator("button", has_text="step").first
                    step.wait_for(timeout=120_000)
                    page.wait_for_function(
                        "document.querySelectorAll('img.widget-image').length >= 2", timeout=120_000
                    )
                    img = page.locator("img.widget-image").first  # the playground's picture
                    before = img.get_attribute("src")
                    step.click()
                    page.wait_for_function(
                        "src => document.querySelector('img.widget-image').getAttribute('src') !== src",
                        arg=before,
                        timeout=60_000,
                    )
                    assert img.get_attribute("src") != before
                    _check_xor_readout_and_sharp_pictures(page)
                except Exception:
                    page.screenshot(
                        path=str(tmp_path / "failure.png")
                    )  # kept in pytest's tmp_path for debugging
                    raise
            finally:
                browser.close()
    finally:
        _stop(server)


def _check_xor_readout_and_sharp_pictures(page) -> None:
    page.wait_for_function("document.querySelectorAll('img.widget-image').length >= 3", timeout=120_000)
    slider = page.locator(".widget-slider", has=page.locator("label", has_text="training epoch")).first
    readout = slider.locator(".widget-readout")
    readout.wait_for(timeout=60_000)
    assert readout.inner_text().strip() == "1000"  # the epoch the picture shows, not the index 7
    sizes = page.evaluate(
        "[...document.querySelectorAll('img.widget-image')]"
        ".map(img => [img.naturalWidth, img.getBoundingClientRect().width])"
    )
    assert len(sizes) >= 3
    for natural, shown in sizes:
        assert shown > 200 and natural >= 2 * shown - 1, sizes  # the browser only scales down


def _stop(server: subprocess.Popen) -> None:
    """Kill the Jupyter server and its kernels (its own process group), whatever happened."""
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        pass
