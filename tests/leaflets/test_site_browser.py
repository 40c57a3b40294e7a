"""The exported site in a real browser: Debian's headless Chromium driven by its chromedriver (selenium).

- WCAG 2.1 A/AA with axe-core (vendored, ``tests/vendor/axe-core``): zero violations on a sample of pages of every
  language (the language index, a stage page, a municipality's contacts page);
- reflow: nothing wider than the screen at 320 CSS px, nor at 200% zoom (a 1280 px screen zoomed to 200% is a
  640 CSS px viewport at two device pixels per CSS pixel);
- phone-width screenshots of an Arabic, a Chinese and a Tamil page (saved in ``test-artifacts/site``, looked at).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.leaflets.site import urls
from app.paths import install_root

AXE = install_root() / "tests" / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STAGES = ["accesso", "avviso_sloggio", "diffida", "intimazione", "precetto"]
ISTAT = {"Abbiategrasso": "015002", "Basiano": "015014"}


def _chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert binary and driver, "Chromium e chromedriver mancano: scripts/dev test li installa (chromium chromium-driver)"
    options = Options()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--force-color-profile=srgb", "--lang=it", "--window-size=1280,900"):
        options.add_argument(arg)
    return webdriver.Chrome(options=options, service=Service(driver))


@pytest.fixture(scope="module")
def browser():
    driver = _chromium()
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


def _open(driver, page: Path, width: int, height: int = 900, scale: float = 1) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": width < 500})
    driver.get(page.as_uri())
    driver.execute_async_script("document.fonts.ready.then(() => arguments[arguments.length - 1]())")


def _axe(driver) -> list[dict]:
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(JSON.stringify({v: r.violations, n: r.passes.length})), e => done(JSON.stringify({e: String(e)})))",
        WCAG_TAGS)
    found = json.loads(result)
    assert "e" not in found, found
    return found["v"]


def _sample(site_files) -> list[str]:
    """The root index, and for every language its home, one stage page and one contacts page (stages and the two
    municipalities rotate across languages so every stage and both towns are covered)."""
    codes = sorted({p.split("/")[0] for p in site_files if p.endswith("/index.html")})
    pages = [urls.INDEX]
    for i, code in enumerate(codes):
        stage = STAGES[i % len(STAGES)]
        town = list(ISTAT.values())[i % 2]
        pages += [urls.language_index(code), urls.stage_page(code, stage),
                  urls.contacts_page(code, STAGES[(i + 2) % len(STAGES)], town)]
    return pages


def test_axe_core_finds_no_wcag_21_aa_violation_in_any_language(exported, browser):
    _, out, site, _ = exported
    pages = _sample(site.files)
    assert len(pages) == 1 + 15 * 3
    problems = {}
    for path in pages:
        _open(browser, out / path, 1280)
        violations = _axe(browser)
        if violations:
            problems[path] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
        # and at phone width, where the layout changes
        if path.endswith(".html") and "/" in path and path.count("/") == 2:
            _open(browser, out / path, 320)
            for v in _axe(browser):
                problems.setdefault(f"{path} @320", []).append((v["id"], v["impact"]))
    assert problems == {}


def _overflow(driver) -> dict:
    return driver.execute_script("""
        const doc = document.documentElement, out = [];
        for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect();
            if (r.width && (r.right > doc.clientWidth + 1 || r.left < -1)) out.push(e.tagName + '.' + e.className);
        }
        return {scroll: doc.scrollWidth, client: doc.clientWidth, wide: out.slice(0, 5)};""")


@pytest.mark.parametrize("code", ["ar", "zh_Hans", "ta", "si", "bn", "ur", "en", "it"])
def test_pages_reflow_at_320_px_and_at_200_percent_zoom(exported, browser, code):
    _, out, _, _ = exported
    for path in (urls.INDEX, urls.language_index(code), urls.stage_page(code, "intimazione"),
                 urls.contacts_page(code, "intimazione", ISTAT["Abbiategrasso"])):
        for width, scale in ((320, 1), (640, 2)):
            _open(browser, out / path, width, 900, scale)
            found = _overflow(browser)
            assert found["scroll"] <= found["client"] and not found["wide"], (path, width, found)
            size = browser.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)")
            assert size >= 16, (path, size)   # body text never below 16 CSS px


def _screenshot(driver, page: Path, target: Path, width: int = 320, scale: float = 2) -> None:
    _open(driver, page, width, 900, scale)
    height = min(driver.execute_script("return document.documentElement.scrollHeight"), 3200)
    _open(driver, page, width, height, scale)
    target.write_bytes(driver.get_screenshot_as_png())


def test_phone_width_screenshots_of_arabic_chinese_and_tamil_pages(exported, browser, artifacts):
    """Saved for a person to look at (``test-artifacts/site``); the test checks they are real, tall, page-wide."""
    from PIL import Image

    _, out, _, _ = exported
    folder = artifacts / "site"
    folder.mkdir(exist_ok=True)
    for code in ("ar", "zh_Hans", "ta"):
        for name, path in (("contatti", urls.contacts_page(code, "accesso", ISTAT["Abbiategrasso"])),
                           ("fase", urls.stage_page(code, "accesso"))):
            target = folder / f"{code}-{name}-320.png"
            _screenshot(browser, out / path, target)
            image = Image.open(target)
            assert image.width == 640 and image.height > 1200   # 320 CSS px at 2x, a real page's length
            colours = image.convert("L").getcolors(maxcolors=1 << 16)
            assert colours is None or len(colours) > 50   # text drawn, not a blank page
        _screenshot(browser, out / urls.stage_page(code, "accesso"), folder / f"{code}-fase-zoom200.png", 640, 2)
