"""Debian's chromium, headless, driven by selenium through Debian's chromedriver (given by path, so that selenium
never fetches a driver), for the browser tests; and their screenshots, whole pages saved for a person to look at in
the folder PLAYGROUND_SCREENSHOTS names (default .build/screenshots, where make test leaves them)."""
import base64
import contextlib
import os

import pytest
from conftest import ROOT

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
except ImportError:  # said by chromium() below, with what to install
    webdriver = None

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = os.environ.get("PLAYGROUND_SCREENSHOTS", os.path.join(ROOT, ".build", "screenshots"))


@contextlib.contextmanager
def chromium(width=1280, height=900, downloads=None):
    """A headless chromium of `width` × `height` CSS pixels that records the console (and downloads into the folder
    `downloads`, when given); quit on the way out."""
    if webdriver is None:
        pytest.fail("selenium is missing: pip install -r python-tests/requirements.txt (make test does)")
    for path in (CHROMEDRIVER, CHROMIUM):
        if not os.path.exists(path):
            pytest.fail(f"{path} is missing: apt-get install -y chromium chromium-driver (make test does)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", "--lang=en-US"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if downloads is not None:
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(driver, name):
    """The whole page (not only the window) as SCREENSHOTS/name.png."""
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, f"{name}.png")
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
    with open(path, "wb") as out:
        out.write(base64.b64decode(shot["data"]))
