"""The playground (`GET /`) in Debian's headless chromium, driven by selenium with Debian's chromedriver given by
path (selenium never fetches a driver): ratings and highlights against the API itself, batches from lines and from a
CSV file, joke text that stays text, keyboard access, a phone-sized window, and a quiet browser console.

PLAYGROUND_URL points the tests at a running server (or a dev harness serving the page the same way); otherwise they
start `jokemeter serve` with the shipped models. Every test saves a full-page PNG in PLAYGROUND_SCREENSHOTS (default
.build/screenshots; browser.py)."""
import csv
import json
import os
import tempfile
import time

import pytest
import requests

from conftest import ROOT, read_data, serve

from browser import chromium, screenshot
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

DESKTOP = (1280, 900)
PHONE = (390, 844)
EMOJI_JOKE = "😀 Штирлиц долго смотрел в одну точку"
MARKUP_JOKE = "<img src=x onerror=alert(1)>"


# ------------------------------------------------------------------------------------------------------------------
# Fixtures and helpers

@pytest.fixture(scope="module")
def base_url():
    url = os.environ.get("PLAYGROUND_URL")
    if url:
        yield url.rstrip("/")
    else:
        with serve() as url:
            yield url


@pytest.fixture(scope="module")
def models(base_url):
    """What GET /api/v1/models says."""
    answer = requests.get(f"{base_url}/api/v1/models", timeout=10)
    answer.raise_for_status()
    return answer.json()["models"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One headless chromium for the module, logging the console, downloading into a temporary folder."""
    downloads = tmp_path_factory.mktemp("downloads")
    with chromium(*DESKTOP, downloads=downloads) as driver:
        driver.downloads = downloads
        driver.console = []  # every console entry read so far (get_log drains the browser's buffer)
        yield driver


def wait(driver, condition, timeout=15, message=""):
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition(d), message)


def console(driver):
    driver.console.extend(driver.get_log("browser"))
    return driver.console


def open_page(driver, base_url, size=DESKTOP):
    driver.set_window_size(*size)
    driver.get(f"{base_url}/")
    wait(driver, lambda d: d.find_element(By.ID, "models-status").get_attribute("textContent").endswith("loaded."), message="models not listed")


def select_tab(driver, name):
    driver.find_element(By.ID, f"tab-{name}").click()
    wait(driver, lambda d: d.find_element(By.ID, f"panel-{name}").is_displayed())


def set_value(driver, element, text):
    """Fills a text area as typing would (chromedriver cannot type characters beyond the BMP, such as emoji)."""
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", element, text)


def wait_rated(driver):
    wait(driver, lambda d: d.find_element(By.ID, "rate-status").text.startswith("Rated with")
         and d.find_element(By.ID, "cards").get_attribute("aria-busy") is None, message="rating did not finish")


def rate(driver, text, keyboard=False):
    joke = driver.find_element(By.ID, "joke")
    set_value(driver, joke, text)
    if keyboard:
        joke.send_keys(Keys.CONTROL, Keys.ENTER)
    else:
        driver.find_element(By.ID, "rate").click()
    wait_rated(driver)


def card(driver, name):
    return driver.find_element(By.CSS_SELECTOR, f'.card[data-model="{name}"]')


def api_predict(base_url, name, text):
    answer = requests.post(f"{base_url}/api/v1/predict", headers={"X-Model": name}, json={"text": text}, timeout=10)
    answer.raise_for_status()
    return answer.json()["rating"]


def api_batch(base_url, name, texts):
    ratings = []
    for start in range(0, len(texts), 64):
        answer = requests.post(f"{base_url}/api/v1/models/{name}/predict/batch", json={"texts": texts[start:start + 64]}, timeout=30)
        answer.raise_for_status()
        ratings += answer.json()["ratings"]
    return ratings


def marks(driver, name):
    """The highlighted runs of a model's card: (start, end, text, terms, class)."""
    return driver.execute_script("""
        return Array.from(document.querySelectorAll(`.card[data-model="${arguments[0]}"] .highlighted mark`)).map((m) =>
            [Number(m.dataset.start), Number(m.dataset.end), m.textContent, JSON.parse(m.dataset.terms), m.className]);
    """, name)


def covered(spans):
    return {at for start, end in spans for at in range(start, end)}


def batch_table(driver):
    """The batch table: its model columns, and each row's text and {model: rating}."""
    return driver.execute_script("""
        const head = Array.from(document.querySelectorAll("#batch-table thead th.score")).map((th) => th.dataset.sort.slice(6));
        const rows = Array.from(document.querySelectorAll("#batch-table tbody tr")).map((tr) => ({
            index: Number(tr.dataset.index),
            text: tr.querySelector("td.text").textContent,
            ratings: Object.fromEntries(Array.from(tr.querySelectorAll("td.score")).map((td) => [td.dataset.model, td.dataset.rating])),
        }));
        return {head, rows};
    """)


def rate_batch_lines(driver, texts):
    select_tab(driver, "batch")
    set_value(driver, driver.find_element(By.ID, "batch-lines"), "\n".join(texts))
    driver.find_element(By.ID, "batch-rate").click()
    wait(driver, lambda d: d.find_element(By.ID, "batch-status").text.startswith("Rated "), message="batch did not finish")


def short_jokes(count):
    texts = [text for text in read_data()[0] if "\n" not in text and len(text) < 160]
    return texts[:count]


# ------------------------------------------------------------------------------------------------------------------
# Tests

def test_every_models_rating_is_the_apis(browser, base_url, models):
    open_page(browser, base_url)
    browser.find_element(By.CSS_SELECTOR, "button[data-example]").click()  # an example fills the text and rates it
    wait_rated(browser)
    text = browser.find_element(By.ID, "joke").get_attribute("value")
    assert text
    shown = [c.get_attribute("data-model") for c in browser.find_elements(By.CSS_SELECTOR, "#cards .card")]
    assert shown == [model["name"] for model in models]
    for model in models:
        element = card(browser, model["name"])
        expected = api_predict(base_url, model["name"], text)
        assert abs(float(element.get_attribute("data-rating")) - expected) <= 1e-9, model["name"]
        assert element.find_element(By.CSS_SELECTOR, ".rating-value").text == f"{expected:.3f}"
        meta = element.find_element(By.CSS_SELECTOR, ".meta").text
        assert model["kind"] in meta and model["version"] in meta
        assert " ms" in element.find_element(By.CSS_SELECTOR, ".timing").text
        if model.get("training", {}).get("target"):  # the scale's ends and its mean, labelled
            labels = element.find_element(By.CSS_SELECTOR, ".gauge-labels").text
            assert "mean" in labels and str(model["training"]["target"]["max"]) in labels
    # Ctrl+Enter in the text area rates too
    other = short_jokes(3)[2]
    rate(browser, other, keyboard=True)
    for model in models:
        assert abs(float(card(browser, model["name"]).get_attribute("data-rating")) - api_predict(base_url, model["name"], other)) <= 1e-9
    screenshot(browser, "01-ratings")


def test_highlights_cover_the_apis_spans(browser, base_url, models):
    open_page(browser, base_url)
    repeated = next(text for text in read_data()[0] if text.lower().count(" не ") >= 2)  # a word with two spans
    for number, text in enumerate([EMOJI_JOKE, repeated]):
        rate(browser, text)
        for model in models:
            answer = requests.post(f"{base_url}/api/v1/models/{model['name']}/explain", json={"text": text}, timeout=10)
            runs = marks(browser, model["name"])
            if not model["explainable"]:  # not asked (a 422): its card says so in words, and offers occlusion
                assert answer.status_code == 422
                note = card(browser, model["name"]).find_element(By.CSS_SELECTOR, ".why .note").text
                assert note.startswith(f"{model['name']} cannot show by itself which words gave its rating") and not runs
                # it may explain by occlusion, when asked (a text occlusion cannot take is answered 422: its note stays)
                card(browser, model["name"]).find_element(By.CSS_SELECTOR, "button.occlusion").click()
                wait(browser, lambda d: not card(d, model["name"]).find_elements(By.CSS_SELECTOR, "button.occlusion"))
                answer = requests.post(f"{base_url}/api/v1/models/{model['name']}/explain",
                                       json={"text": text, "method": "occlusion"}, timeout=30)
                runs = marks(browser, model["name"])
                if answer.status_code == 422:
                    assert card(browser, model["name"]).find_element(By.CSS_SELECTOR, ".why .note").text == answer.json()["error"]
                    continue
            answer.raise_for_status()
            contributions = answer.json()["contributions"]
            spans = [span for c in contributions for span in c["spans"]]
            # the page highlights exactly the code points the API's spans cover (overlapping or not)
            assert covered([(start, end) for start, end, *_ in runs]) == covered(spans), model["name"]
            for start, end, shown, terms, _ in runs:
                assert shown == text[start:end]  # Python indexes code points, as the API counts
            if model["kind"] != "linear":
                continue
            # lr's spans are words: each is one run, naming its term, warm when it pushes the rating up
            for c in contributions:
                for start, end in c["spans"]:
                    run = next(r for r in runs if r[0] == start and r[1] == end)
                    assert run[3] == [c["term"]] and run[2].lower() == c["term"]
                    assert run[4] == ("up" if c["contribution"] > 0 else "down")
            if text == EMOJI_JOKE:
                word = next(r for r in runs if r[3] == ["штирлиц"])
                assert word[2] == "Штирлиц" and (word[0], word[1]) == (2, 9)
            # the top terms are listed with signed contributions
            listed = card(browser, model["name"]).find_elements(By.CSS_SELECTOR, ".terms tbody tr")
            assert len(listed) == min(10, len(contributions))
            assert contributions[0]["term"] in listed[0].text
        tree = next((m["name"] for m in models if m["kind"] == "tree"), None)
        if tree:  # a tree's decision path, a line per split
            path = requests.post(f"{base_url}/api/v1/models/{tree}/explain", json={"text": text}, timeout=10).json()["path"]
            assert len(card(browser, tree).find_elements(By.CSS_SELECTOR, ".path li")) == len(path)
        screenshot(browser, f"02-highlights-{number + 1}")


def test_a_batch_of_lines_gives_a_row_per_text_and_model(browser, base_url, models):
    open_page(browser, base_url)
    texts = short_jokes(20)
    rate_batch_lines(browser, texts)
    table = batch_table(browser)
    names = [model["name"] for model in models]
    assert table["head"] == names
    assert len(table["rows"]) == 20
    for name in names:
        expected = api_batch(base_url, name, texts)
        for row in table["rows"]:
            assert row["text"] == texts[row["index"]]
            assert abs(float(row["ratings"][name]) - expected[row["index"]]) <= 1e-9
    assert len(browser.find_elements(By.CSS_SELECTOR, "#histograms figure svg")) == len(names)
    for name in names:  # each histogram counts every rating once
        bars = browser.find_elements(By.CSS_SELECTOR, f'#histograms figure[data-model="{name}"] svg rect.bar')
        assert len(bars) >= 10 and sum(int(bar.get_attribute("data-count")) for bar in bars) == 20

    # sorting: a header is a button; the first press sorts a model's column highest first, Enter flips it
    header = browser.find_element(By.CSS_SELECTOR, f'button.sort[data-sort="model:{names[0]}"]')
    header.click()
    ratings = [float(row["ratings"][names[0]]) for row in batch_table(browser)["rows"]]
    assert ratings == sorted(ratings, reverse=True)
    assert header.find_element(By.XPATH, "..").get_attribute("aria-sort") == "descending"
    header.send_keys(Keys.ENTER)
    ratings = [float(row["ratings"][names[0]]) for row in batch_table(browser)["rows"]]
    assert ratings == sorted(ratings)
    screenshot(browser, "03-batch-lines")

    # the download is the table as CSV, in its order
    link = browser.find_element(By.ID, "batch-download")
    assert link.get_attribute("href").startswith("blob:") and link.get_attribute("download").endswith(".csv")
    link.click()
    target = os.path.join(browser.downloads, link.get_attribute("download"))
    wait(browser, lambda d: os.path.exists(target) and os.path.getsize(target) > 0, message="no download")
    with open(target, newline="", encoding="utf-8-sig") as source:
        rows = list(csv.DictReader(source))
    assert [row["text"] for row in rows] == [row["text"] for row in batch_table(browser)["rows"]]
    assert all(abs(float(row[names[0]]) - r) <= 1e-9 for row, r in zip(rows, sorted(api_batch(base_url, names[0], texts))))


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_csv_file_gives_its_rows(browser, base_url, models, delimiter):
    jokes = [
        "Штирлиц шёл по лесу, а навстречу ему — никого.",
        'Знак "Осторожно, дети" надо ставить в самой школе.',
        "- Алло, это общество охраны животных?\n- Да.\n- Пришлите кого-нибудь; у нас почтальон на дереве.",
        "Вот Ваш диплом.",
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="", encoding="utf-8", delete=False) as out:
        writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(["id", "text"])
        for number, joke in enumerate(jokes):
            writer.writerow([number, joke])
        writer.writerow([99, ""])  # an empty text: skipped
    try:
        open_page(browser, base_url)
        select_tab(browser, "batch")
        browser.find_element(By.ID, "batch-file").send_keys(out.name)
        wait(browser, lambda d: d.find_element(By.ID, "batch-status").text.startswith("Rated "), message="file not rated")
        assert "4 rows" in browser.find_element(By.ID, "batch-status").text
        table = batch_table(browser)
        assert [row["text"] for row in table["rows"]] == jokes
        for model in models:
            expected = api_batch(base_url, model["name"], jokes)
            assert [float(row["ratings"][model["name"]]) for row in table["rows"]] == pytest.approx(expected, abs=1e-9)
        screenshot(browser, f"04-batch-csv-{'comma' if delimiter == ',' else 'semicolon'}")
    finally:
        os.unlink(out.name)


def test_markup_in_a_joke_stays_text(browser, base_url, models):
    open_page(browser, base_url)
    rate(browser, MARKUP_JOKE)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018 (the property raises when there is none)
    assert browser.find_elements(By.TAG_NAME, "img") == []
    explained = [m["name"] for m in models if m["kind"] in ("linear", "tree")]
    for name in explained:
        assert card(browser, name).find_element(By.CSS_SELECTOR, ".highlighted").text == MARKUP_JOKE
    rate_batch_lines(browser, [MARKUP_JOKE, "Вот Ваш диплом."])
    assert batch_table(browser)["rows"][0]["text"] == MARKUP_JOKE
    assert browser.find_elements(By.TAG_NAME, "img") == []
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018
    select_tab(browser, "rate")
    screenshot(browser, "05-markup-stays-text")


def test_the_models_tab_says_what_the_api_says(browser, base_url, models):
    open_page(browser, base_url)
    select_tab(browser, "models")
    for model in models:
        text = browser.find_element(By.CSS_SELECTOR, f'.model[data-model="{model["name"]}"]').text
        assert model["kind"] in text and model["version"] in text and model["createdAt"].split("T")[0] in text
        if "embeddingDimension" in model:
            assert f"{model['embeddingDimension']} values a text, through POST /v1/embeddings" in text
        else:
            assert "Embeddings\nnone" in text
        cv = model.get("training", {}).get("cv")
        if cv:
            change = (cv["rmse"] - cv["baselineRmse"]) / cv["baselineRmse"] * 100
            assert f"{cv['rmse']:.4f} vs {cv['baselineRmse']:.4f}" in text
            assert f"{abs(change):.1f}%" in text
            assert f"{cv['mae']:.4f} vs {cv['baselineMae']:.4f}" in text
            assert str(model["training"]["rows"]) in text and model["training"]["dataset"] in text
    screenshot(browser, "06-models")


def test_tab_reaches_every_control(browser, base_url, models):
    open_page(browser, base_url)
    rate(browser, EMOJI_JOKE)  # the cards' highlighted text and decision paths are controls too
    # every control has a label
    unlabelled = browser.execute_script("""
        return Array.from(document.querySelectorAll("textarea, input, select")).filter((c) =>
            !c.labels.length && !c.getAttribute("aria-label")).map((c) => c.id);""")
    assert unlabelled == []
    expected = browser.execute_script("""
        const controls = Array.from(document.querySelectorAll(
            "a[href], button, input, textarea, select, summary, [tabindex]")).filter((e) =>
            e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0);
        controls.forEach((e, i) => { e.dataset.tabcheck = i; });
        return controls.map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + " " + e.textContent.trim().slice(0, 20));""")
    for kind in ("textarea#joke", "button#rate", "button#tab-rate"):
        assert any(item.startswith(kind) for item in expected), kind
    assert sum(item.startswith("button ") and "Snowflake" in item for item in expected) == 1
    # from the top: a click on the heading moves the starting point of sequential focus there
    browser.execute_script("window.scrollTo(0, 0)")
    browser.find_element(By.TAG_NAME, "h1").click()
    reached = []
    for _ in range(len(expected) + 5):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        index = browser.execute_script("return document.activeElement.dataset.tabcheck")
        if index is None:  # past the last control
            break
        reached.append(int(index))
    assert reached == sorted(reached), "Tab follows the document order"
    missed = [expected[i] for i in range(len(expected)) if i not in reached]
    assert missed == []
    # focus is visible
    joke = browser.find_element(By.ID, "joke")
    joke.click()
    assert browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle", joke) != "none"
    # the tabs: arrows move between them, the selected one is the Tab stop, its panel shows
    browser.find_element(By.ID, "tab-rate").send_keys(Keys.ARROW_RIGHT)
    assert browser.switch_to.active_element.get_attribute("id") == "tab-batch"
    assert browser.find_element(By.ID, "tab-batch").get_attribute("aria-selected") == "true"
    assert browser.find_element(By.ID, "panel-batch").is_displayed()
    assert not browser.find_element(By.ID, "panel-rate").is_displayed()
    browser.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    assert browser.find_element(By.ID, "panel-models").is_displayed()
    browser.switch_to.active_element.send_keys(Keys.HOME)
    assert browser.find_element(By.ID, "panel-rate").is_displayed()
    # the highlighted terms: one Tab stop per text, arrows move on, the numbers show on focus
    first = browser.find_element(By.CSS_SELECTOR, '.card[data-model="lr"] .highlighted mark[tabindex="0"]')
    first.send_keys(Keys.ARROW_RIGHT)
    focused = browser.switch_to.active_element
    assert focused.tag_name == "mark" and focused != first
    readout = card(browser, "lr").find_element(By.CSS_SELECTOR, ".readout").text
    assert "contribution" in readout and "weight" in readout and focused.text.lower() in readout
    screenshot(browser, "07-keyboard")


def test_the_page_fits_a_phone(browser, base_url, models):
    try:
        open_page(browser, base_url, size=PHONE)
        assert browser.execute_script("return window.innerWidth") <= PHONE[0]
        browser.find_element(By.CSS_SELECTOR, "button[data-example]:nth-of-type(4)").click()
        wait_rated(browser)
        fits = "return document.documentElement.scrollWidth <= window.innerWidth"
        assert browser.execute_script(fits)
        boxes = [c.rect for c in browser.find_elements(By.CSS_SELECTOR, "#cards .card")]
        assert len(boxes) == len(models)
        for above, below in zip(boxes, boxes[1:]):  # stacked: one column, one under another
            assert below["y"] >= above["y"] + above["height"] and below["x"] == above["x"]
        screenshot(browser, "08-phone-rate")
        rate_batch_lines(browser, short_jokes(8) + ["Оченьдлинноесловобезпробеловкотороенедолжнорастягиватьстраницувширинуникогда"])
        assert browser.execute_script(fits)
        screenshot(browser, "08-phone-batch")
        select_tab(browser, "models")
        assert browser.execute_script(fits)
        screenshot(browser, "08-phone-models")
    finally:
        browser.set_window_size(*DESKTOP)


def test_rating_a_joke_leaves_the_console_empty(browser, base_url, models):
    """Rating a joke asks each model only what it can answer: Chrome logs every fetch answered with a status of 400
    or more as "Failed to load resource", so a model that cannot explain itself (emb, "explainable": false in the
    listing) is not asked for an explanation; its card says so to a person, in words rather than the API's, and
    offers occlusion. Each card says what its model reads."""
    open_page(browser, base_url)
    time.sleep(0.2)  # let the page's own entries arrive
    before = len(console(browser))
    rate(browser, EMOJI_JOKE)
    time.sleep(0.2)
    assert console(browser)[before:] == []
    assert "(Russian)" not in browser.find_element(By.CSS_SELECTOR, ".tagline").text
    reads = {"linear": "Russian words", "tree": "Russian words", "embedding": "many languages"}
    for model in models:
        element = card(browser, model["name"])
        why = element.find_element(By.CSS_SELECTOR, ".why").text
        assert "{" not in why and "HTTP" not in why and "method" not in why, why
        assert bool(element.find_elements(By.CSS_SELECTOR, "button.occlusion")) == (not model["explainable"])
        if model["kind"] in reads:
            assert reads[model["kind"]] in element.find_element(By.CSS_SELECTOR, ".reads").text
    screenshot(browser, "09-rated-quietly")


def test_no_error_in_the_browser_console(browser, base_url, models):
    """After a tour of the page (and whatever the tests above did in this browser): no SEVERE console entry, not
    even a request answered with an error status."""
    open_page(browser, base_url)
    rate(browser, EMOJI_JOKE)
    rate_batch_lines(browser, short_jokes(3))
    select_tab(browser, "models")
    time.sleep(0.2)  # let the last console entries arrive
    assert [entry for entry in console(browser) if entry["level"] == "SEVERE"] == []
    screenshot(browser, "10-console-tour")


def test_two_versions_of_a_model_each_get_a_card_rated_at_their_version(browser):
    """A folder holding lr at 1.0.0 and 1.1.0 side by side: a card each, named lr@version, rated by that version."""
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(ROOT, "models", "lr.json"), encoding="utf-8") as source:
            document = json.load(source)
        with open(os.path.join(folder, "lr.json"), "w", encoding="utf-8") as out:
            json.dump(document, out)
        document["version"] = "1.1.0"
        document["estimator"]["coef"] = [weight * 2 for weight in document["estimator"]["coef"]]
        with open(os.path.join(folder, "lr-1.1.0.json"), "w", encoding="utf-8") as out:
            json.dump(document, out)
        with serve("--models", folder) as url:
            open_page(browser, url)
            text = short_jokes(1)[0]
            rate(browser, text)
            shown = [c.get_attribute("data-model") for c in browser.find_elements(By.CSS_SELECTOR, "#cards .card")]
            assert shown == ["lr@1.0.0", "lr@1.1.0"]
            for version in ("1.0.0", "1.1.0"):
                expected = requests.post(f"{url}/api/v1/models/lr/versions/{version}/predict", json={"text": text}, timeout=10).json()["rating"]
                assert abs(float(card(browser, f"lr@{version}").get_attribute("data-rating")) - expected) <= 1e-9, version
            assert card(browser, "lr@1.1.0").find_element(By.CSS_SELECTOR, ".badge").text.lower() == "default", "the served version"
            screenshot(browser, "11-versions")
