"""Fixtures shared by test modules: the one headless Chromium of a test session.

The browser must start: if it cannot, the tests that use it fail (scripts/test installs
Debian's chromium and a CJK font). `playwright install` is never needed: we drive the
system's chromium.
"""

from __future__ import annotations

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:  # a missing test dependency is a failure, not a skip
        pytest.fail(f"playwright is not installed ({err}); run scripts/test")
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as err:
        pw.stop()
        pytest.fail(f"headless Chromium did not start from {CHROMIUM}: {err}\n"
                    "scripts/test installs Debian's chromium; do not run `playwright install`.")
    yield b
    b.close()
    pw.stop()
