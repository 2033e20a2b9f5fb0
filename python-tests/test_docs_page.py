"""GET /docs in a real browser: Swagger UI from a local copy (scripts/fetch-swagger-ui.sh, served with
--docs-assets-dir) lists every operation of /openapi.json, and "Try it out" on predict answers 200, with no error in
the browser's console (no request leaves the server's origin, none breaks the page's Content-Security-Policy)."""
import os
import subprocess

import pytest
import requests
from conftest import ROOT, serve
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from browser import chromium, screenshot


@pytest.fixture(scope="module")
def base_url():
    assets = subprocess.run(["scripts/fetch-swagger-ui.sh"], cwd=ROOT, capture_output=True, text=True, check=True)
    with serve("--docs-assets-dir", os.path.join(ROOT, assets.stdout.strip())) as url:
        yield url


@pytest.fixture(scope="module")
def driver():
    with chromium() as browser:
        yield browser


def test_docs_lists_every_operation_and_try_it_out_on_predict_answers_200(base_url, driver):
    document = requests.get(f"{base_url}/openapi.json", timeout=5).json()
    expected = {(method.upper(), path) for path, operations in document["paths"].items() for method in operations}
    driver.get(f"{base_url}/docs")
    wait = WebDriverWait(driver, 20)
    wait.until(ready.presence_of_all_elements_located((By.CSS_SELECTOR, ".opblock")))
    listed = {
        (block.find_element(By.CSS_SELECTOR, ".opblock-summary-method").text.strip(),
         block.find_element(By.CSS_SELECTOR, ".opblock-summary-path").get_attribute("data-path"))
        for block in driver.find_elements(By.CSS_SELECTOR, ".opblock")
    }
    assert listed == expected
    screenshot(driver, "docs-operations")

    predict = driver.find_element(By.ID, "operations-v1-predict")
    predict.find_element(By.CSS_SELECTOR, ".opblock-summary-control").click()
    wait.until(ready.element_to_be_clickable((By.CSS_SELECTOR, "#operations-v1-predict .try-out__btn"))).click()
    wait.until(ready.element_to_be_clickable((By.CSS_SELECTOR, "#operations-v1-predict .execute"))).click()
    status = wait.until(ready.visibility_of_element_located(
        (By.CSS_SELECTOR, "#operations-v1-predict .live-responses-table .response .response-col_status")))
    assert status.text.strip().startswith("200")
    body = driver.find_element(By.CSS_SELECTOR, "#operations-v1-predict .live-responses-table .response-col_description pre")
    assert '"rating"' in body.text and '"model": "lr"' in body.text
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", status)
    screenshot(driver, "docs-try-it-out")

    severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert not severe, severe
