"""Debian's chromium, headless, driven by selenium through Debian's chromedriver (given by path, so that selenium
never fetches a driver), for the browser tests; and their screenshots, saved for a person to look at in the folder
PLAYGROUND_SCREENSHOTS names (make test names .build/screenshots)."""
import contextlib
import os

from conftest import ROOT
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = os.environ.get("PLAYGROUND_SCREENSHOTS", os.path.join(ROOT, ".build", "screenshots"))


@contextlib.contextmanager
def chromium(width=1280, height=900):
    """A headless chromium of `width` × `height` CSS pixels that records the console; quit on the way out."""
    assert os.path.exists(CHROMEDRIVER), f"{CHROMEDRIVER} is missing: apt-get install chromium chromium-driver (make test does)"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(driver, name):
    """Saves what the browser shows as SCREENSHOTS/name.png."""
    os.makedirs(SCREENSHOTS, exist_ok=True)
    driver.save_screenshot(os.path.join(SCREENSHOTS, f"{name}.png"))
