"use strict";
// Jokemeter playground: rates a joke with every loaded model side by side and shows why, rates batches of jokes,
// and lists the models. It talks to the public /api/v1 routes of its own origin only. Every text, the user's or
// the API's, goes into the page as text (textContent, text nodes, attributes), never as markup.

const API = "/api/v1";
const BATCH_LIMIT = 64; // texts per predict/batch request
const TOP_TERMS = 10; // terms listed under each model
const BIN_WIDTH = 0.1; // of a histogram's bars, on the ratings' scale (10 to 40 bars)
const SVG_NS = "http://www.w3.org/2000/svg";

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

const $ = (id) => document.getElementById(id);

/** An element: `props` are attributes ("class", "text" for its text content); children are nodes or strings
 * (strings become text nodes). */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

/** An SVG element with attributes and children. */
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  node.append(...children);
  return node;
}

const isNumber = (x) => typeof x === "number" && Number.isFinite(x);
const fixed = (x, digits = 3) => (isNumber(x) ? x.toFixed(digits).replace("-", "\u2212") : "—");
/** A signed number with a real minus sign: +0.0518, −0.0393. */
const signed = (x, digits = 4) => (isNumber(x) ? (x < 0 ? "\u2212" : "+") + Math.abs(x).toFixed(digits) : "—");
const quoted = (term) => `\u00ab${term}\u00bb`;
const ms = (x) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;

function setStatus(id, message, isError = false) {
  const node = $(id);
  node.textContent = message;
  node.classList.toggle("is-error", isError);
}

/** One request to the API; never throws. `{ok, status, data, error, ms}`, `ms` the round trip up to the body read. */
async function call(path, body) {
  const started = performance.now();
  const init = body === undefined
    ? { headers: { Accept: "application/json" } }
    : { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body) };
  let response;
  try {
    response = await fetch(API + path, init);
  } catch (error) {
    return { ok: false, status: 0, error: `network error: ${error.message}`, ms: performance.now() - started };
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    // not JSON: reported by status below
  }
  const elapsed = performance.now() - started;
  if (response.ok && data !== null) return { ok: true, status: response.status, data, ms: elapsed };
  let error = data && typeof data.error === "string" ? data.error : `${response.statusText || "no JSON answer"}`;
  error = `HTTP ${response.status}: ${error}`;
  const retry = response.headers.get("Retry-After");
  if (retry) error += /^\d+$/.test(retry) ? ` (retry after ${retry} s)` : ` (retry after ${retry})`;
  return { ok: false, status: response.status, error, ms: elapsed };
}

/** The path of a model's route, at its version: a name may have several versions side by side. */
const modelPath = (model, route) =>
  model.version
    ? `/models/${encodeURIComponent(model.name)}/versions/${encodeURIComponent(model.version)}/${route}`
    : `/models/${encodeURIComponent(model.name)}/${route}`;

/** What each kind of model reads, for a person: the TF-IDF kinds know only the terms of their training jokes
 * (Russian, in the data shipped), the embedding kind's encoder (multilingual-e5-small) reads about 100 languages. */
const READS = {
  linear: "Reads the Russian words it was trained on; other words count for nothing.",
  tree: "Reads the pieces of Russian words it was trained on; other words count for nothing.",
  embedding: "Reads jokes in many languages; trained on Russian ones.",
};

/** The scale of a model's ratings from its training record, or null. */
function scaleOf(model) {
  const target = model.training && model.training.target;
  if (!target || !isNumber(target.min) || !isNumber(target.max) || !(target.max > target.min)) return null;
  return { min: target.min, max: target.max, mean: isNumber(target.mean) ? target.mean : null };
}

// ---------------------------------------------------------------------------------------------------------------
// The models (GET /api/v1/models), fetched once and shared by every tab

let modelsPromise = null;

/** `{ok, models, error}`; a failure is not cached, so the next use asks again. */
function loadModels(fresh = false) {
  if (fresh || !modelsPromise) {
    modelsPromise = call("/models").then((answer) => {
      if (answer.ok && !Array.isArray(answer.data.models)) answer = { ok: false, error: "unexpected answer from /api/v1/models" };
      if (!answer.ok) {
        modelsPromise = null;
        return { ok: false, error: answer.error };
      }
      const models = answer.data.models.filter((model) => model && typeof model.name === "string");
      // A name with several versions shows each as name@version; a name with one, as its name.
      const count = (name) => models.filter((model) => model.name === name).length;
      for (const model of models) model.label = count(model.name) > 1 && model.version ? `${model.name}@${model.version}` : model.name;
      const isDefault = (model) => (typeof model.default === "boolean" ? model.default : model.name === answer.data.default);
      return { ok: true, models, isDefault };
    });
  }
  return modelsPromise;
}

// ---------------------------------------------------------------------------------------------------------------
// Tabs: role=tablist/tab/tabpanel, arrow keys, Home and End move between tabs (roving tabindex)

const tabs = Array.from(document.querySelectorAll('[role="tab"]'));

function selectTab(tab, focus = false) {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute("aria-selected", String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(other.getAttribute("aria-controls")).hidden = !selected;
  }
  if (focus) tab.focus();
  history.replaceState(null, "", `#${tab.id.replace(/^tab-/, "")}`);
}

function setUpTabs() {
  const list = document.querySelector('[role="tablist"]');
  list.addEventListener("click", (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) selectTab(tab);
  });
  list.addEventListener("keydown", (event) => {
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    selectTab(tabs[(next + tabs.length) % tabs.length], true);
  });
  const fromHash = tabs.find((tab) => tab.id === `tab-${location.hash.slice(1)}`);
  if (fromHash) selectTab(fromHash);
}

// ---------------------------------------------------------------------------------------------------------------
// Rate a joke: a card per model with its rating on the training scale, and its explanation

let rateRun = 0; // answers of an older run are dropped

async function rate() {
  const text = $("joke").value;
  if (!text.trim()) {
    setStatus("rate-status", "Type a joke or pick an example first.", true);
    return;
  }
  const run = ++rateRun;
  setStatus("rate-status", "Rating…");
  const listing = await loadModels();
  if (run !== rateRun) return;
  if (!listing.ok) {
    setStatus("rate-status", `Could not list the models: ${listing.error}`, true);
    return;
  }
  const cards = $("cards");
  const started = performance.now();
  cards.setAttribute("aria-busy", "true");
  const fresh = listing.models.map((model) => modelCard(model, listing.isDefault(model)));
  cards.replaceChildren(...fresh.map((card) => card.root));
  // Each model's predict and explain at once; a card fills in as its answers come. A model that cannot explain
  // itself (the listing's "explainable": false) is not asked, which would only earn a 422: its card offers
  // occlusion instead.
  const jobs = fresh.map((card) => Promise.all([
    call(modelPath(card.model, "predict"), { text }).then((answer) => run === rateRun && showRating(card, card.model, answer)),
    card.model.explainable === false
      ? showOcclusionOffer(card, text)
      : call(modelPath(card.model, "explain"), { text }).then((answer) => run === rateRun && showExplanation(card, text, answer)),
  ]));
  if (!listing.models.length) setStatus("rate-status", "The server has no models loaded.", true);
  await Promise.all(jobs);
  if (run !== rateRun) return;
  cards.removeAttribute("aria-busy");
  const failed = cards.querySelectorAll(".card.failed").length;
  setStatus("rate-status", `Rated with ${listing.models.length} model${listing.models.length === 1 ? "" : "s"} in ${ms(performance.now() - started)}`
    + (failed ? `; ${failed} failed.` : "."), failed > 0);
}

/** The empty card of a model: its parts to fill in later. */
function modelCard(model, isDefault) {
  const headingId = `card-${model.label}`.replace(/[^\w-]/g, "_");
  const root = el("article", { class: "card", "data-model": model.label, "data-kind": model.kind, "aria-labelledby": headingId, "aria-busy": "true" });
  const value = el("span", { class: "rating-value", text: "…" });
  const delta = el("span", { class: "rating-delta" });
  const gauge = el("div", { class: "gauge-slot" });
  const timing = el("p", { class: "timing" });
  const why = el("div", { class: "why-body" }, el("p", { class: "muted", text: "Explaining…" }));
  root.append(
    el("header", { class: "card-head" },
      el("h2", { id: headingId, text: model.label }),
      isDefault ? el("span", { class: "badge", text: "default" }) : null,
      el("span", { class: "meta", text: [model.kind, model.version && `v${model.version}`].filter(Boolean).join(" · ") })),
    READS[model.kind] ? el("p", { class: "reads", text: READS[model.kind] }) : null,
    el("p", { class: "rating" }, value, delta),
    gauge,
    timing,
    el("section", { class: "why", "aria-label": `Why ${model.label} rates it so` }, el("h3", { text: "Why" }), why));
  return { root, value, delta, gauge, timing, why, model, predictMs: null, explainMs: null };
}

function showTiming(card) {
  const parts = [];
  if (card.predictMs !== null) parts.push(`predict ${ms(card.predictMs)}`);
  if (card.explainMs !== null) parts.push(`explain ${ms(card.explainMs)}`);
  card.timing.textContent = parts.length ? `Round trip: ${parts.join(" · ")}` : "";
}

function showRating(card, model, answer) {
  card.predictMs = answer.ms;
  card.root.dataset.ms = answer.ms.toFixed(1);
  showTiming(card);
  card.root.removeAttribute("aria-busy");
  const rating = answer.ok ? answer.data.rating : undefined;
  if (!isNumber(rating)) {
    card.root.classList.add("failed");
    card.value.textContent = "error";
    card.gauge.replaceChildren(el("p", { class: "error", text: answer.ok ? "the answer has no rating" : answer.error }));
    return;
  }
  card.root.dataset.rating = String(rating); // exact, for tests and tools
  card.value.textContent = rating.toFixed(3);
  const scale = scaleOf(model);
  if (scale && scale.mean !== null) {
    const difference = rating - scale.mean;
    card.delta.textContent = `${signed(difference, 3)} vs mean`;
    card.delta.className = `rating-delta ${difference >= 0 ? "up" : "down"}`;
  }
  card.gauge.replaceChildren(scale ? gauge(scale, rating) : el("p", { class: "muted", text: "No training scale recorded for this model." }));
}

/** A horizontal scale from the training minimum to maximum: the mean baseline and the rating marked. */
function gauge(scale, rating) {
  const at = (x) => `${(Math.min(1, Math.max(0, (x - scale.min) / (scale.max - scale.min))) * 100).toFixed(2)}%`;
  const track = el("div", { class: "gauge-track" });
  const label = `rating ${fixed(rating)} on the training scale ${scale.min} to ${scale.max}`
    + (scale.mean !== null ? `; mean of the training data ${fixed(scale.mean)}` : "");
  const root = el("div", { class: "gauge", role: "img", "aria-label": label }, track);
  const labels = el("div", { class: "gauge-labels", "aria-hidden": "true" },
    el("span", { class: "gauge-min", text: String(scale.min) }), el("span", { class: "gauge-max", text: String(scale.max) }));
  if (scale.mean !== null) {
    const from = Math.min(rating, scale.mean), to = Math.max(rating, scale.mean);
    const fill = el("div", { class: `gauge-fill ${rating >= scale.mean ? "up" : "down"}` });
    fill.style.left = at(from);
    fill.style.width = `calc(${at(to)} - ${at(from)})`;
    const mean = el("div", { class: "gauge-mean" });
    mean.style.left = at(scale.mean);
    const meanLabel = el("span", { class: "gauge-mean-label", text: `mean ${fixed(scale.mean, 2)}` });
    meanLabel.style.left = at(scale.mean);
    track.append(fill, mean);
    labels.append(meanLabel);
  }
  const marker = el("div", { class: "gauge-rating" });
  marker.style.left = at(rating);
  track.append(marker);
  root.append(labels);
  return root;
}

function showExplanation(card, text, answer, byOcclusion = false) {
  card.explainMs = answer.ms;
  showTiming(card);
  if (!answer.ok) {
    // 422: a text the model cannot explain (occlusion's limit of words, say); a note, not a failure of the page
    const cannot = answer.status === 422;
    card.why.replaceChildren(el("p", { class: cannot ? "note" : "error", text: answer.error.replace(/^HTTP 422: /, "") }));
    if (cannot && !byOcclusion) card.why.append(occlusionButton(card, text));
    return;
  }
  const data = answer.data;
  const contributions = (Array.isArray(data.contributions) ? data.contributions : [])
    .filter((c) => c && typeof c.term === "string" && isNumber(c.contribution));
  const total = contributions.reduce((sum, c) => sum + c.contribution, 0);
  const readout = el("p", { class: "readout", "aria-live": "polite" });
  const marked = highlighted(text, contributions, readout);
  readout.textContent = marked.querySelector("mark")
    ? "Hover a highlighted term, or Tab to the text and use \u2190 \u2192, for its numbers."
    : "No term of this explanation occurs in the text.";
  const parts = [
    el("p", { class: "summary" },
      `Base ${fixed(data.base, 4)} · contributions ${signed(total)} · rating ${fixed(data.rating, 4)}`,
      data.method ? el("span", { class: "muted", text: ` (${data.method})` }) : null),
    marked,
    readout,
  ];
  if (contributions.length) parts.push(termList(contributions));
  if (Array.isArray(data.path) && data.path.length) parts.push(decisionPath(data.path));
  card.why.replaceChildren(...parts);
}

/** The Why of a model that cannot explain itself: said to the person, with occlusion on offer. */
function showOcclusionOffer(card, text) {
  card.why.replaceChildren(
    el("p", { class: "note", text: `${card.model.label} cannot show by itself which words gave its rating. Rating the joke again without each of its words shows which ones matter (one more rating per word).` }),
    occlusionButton(card, text));
}

/** A server explains any model by occlusion when asked ({"method": "occlusion"}: the text rated again without each
 * of its words): done on request, as it costs a rating per distinct word. */
function occlusionButton(card, text) {
  const run = rateRun;
  const button = el("button", { type: "button", class: "occlusion", text: "Leave each word out" });
  button.addEventListener("click", () => {
    button.disabled = true;
    button.textContent = "Explaining…";
    call(modelPath(card.model, "explain"), { text, method: "occlusion" })
      .then((answer) => run === rateRun && showExplanation(card, text, answer, true))
      .catch(reportBug("rate-status"));
  });
  return button;
}

/** What a contribution says, as one line. */
function describe(c) {
  const numbers = [`contribution ${signed(c.contribution)}`];
  if (isNumber(c.weight)) numbers.push(`weight ${fixed(c.weight, 4)}`);
  if (isNumber(c.value)) numbers.push(`value ${fixed(c.value, 4)}`);
  return `${quoted(c.term)}: ${numbers.join(", ")}`;
}

/** The text with its terms highlighted. Spans are [start, end) in code points and may overlap: each run of code
 * points covered by the same terms becomes one <mark>, coloured by the sum of their contributions (warm up, cool
 * down), its intensity relative to the largest |contribution|. */
function highlighted(text, contributions, readout) {
  const chars = Array.from(text); // code points, as the API counts
  const cover = chars.map(() => []);
  contributions.forEach((c, index) => {
    for (const span of Array.isArray(c.spans) ? c.spans : []) {
      if (!Array.isArray(span) || !isNumber(span[0]) || !isNumber(span[1])) continue;
      for (let at = Math.max(0, span[0]); at < Math.min(chars.length, span[1]); at++) cover[at].push(index);
    }
  });
  const largest = Math.max(1e-12, ...contributions.map((c) => Math.abs(c.contribution)));
  const root = el("div", { class: "highlighted", lang: "ru" });
  let start = 0;
  while (start < chars.length) {
    const key = cover[start].join(",");
    let end = start + 1;
    while (end < chars.length && cover[end].join(",") === key) end++;
    const piece = chars.slice(start, end).join("");
    if (!key) {
      root.append(piece);
    } else {
      const terms = cover[start].map((index) => contributions[index]);
      const sum = terms.reduce((total, c) => total + c.contribution, 0);
      const mark = el("mark", {
        class: sum > 0 ? "up" : sum < 0 ? "down" : "even",
        "data-start": start, "data-end": end, "data-terms": JSON.stringify(terms.map((c) => c.term)),
        title: terms.map(describe).join("\n"), tabindex: "-1", text: piece,
      });
      mark.style.setProperty("--strength", Math.min(1, Math.abs(sum) / largest).toFixed(3));
      root.append(mark);
    }
    start = end;
  }
  // Keyboard: one Tab stop (the first mark), arrow keys move between marks; focus or hover shows the numbers.
  const marks = Array.from(root.querySelectorAll("mark"));
  if (marks.length) marks[0].tabIndex = 0;
  const show = (event) => {
    const mark = event.target.closest("mark");
    if (mark) readout.textContent = mark.title.replace(/\n/g, "; ");
  };
  root.addEventListener("mouseover", show);
  root.addEventListener("focusin", (event) => {
    show(event);
    for (const mark of marks) mark.tabIndex = mark === event.target ? 0 : -1;
  });
  root.addEventListener("keydown", (event) => {
    const index = marks.indexOf(document.activeElement);
    const next = { ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1, Home: 0, End: marks.length - 1 }[event.key];
    if (index < 0 || next === undefined) return;
    event.preventDefault();
    marks[Math.min(marks.length - 1, Math.max(0, next))].focus();
  });
  return root;
}

/** The top terms by |contribution|: a small table of term, signed contribution, and weight and value when given. */
function termList(contributions) {
  const top = [...contributions].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, TOP_TERMS);
  const withWeight = top.some((c) => isNumber(c.weight));
  const withValue = top.some((c) => isNumber(c.value));
  const head = el("tr", {}, el("th", { scope: "col", text: "Term" }), el("th", { scope: "col", class: "num", text: "Contribution" }),
    withWeight ? el("th", { scope: "col", class: "num", text: "Weight" }) : null,
    withValue ? el("th", { scope: "col", class: "num", text: "Value" }) : null);
  const rows = top.map((c) => el("tr", {},
    el("td", {}, el("code", { class: "term", lang: "ru", text: quoted(c.term) }),
      Array.isArray(c.spans) && !c.spans.length ? el("span", { class: "absent", text: " not in the text" }) : null),
    el("td", { class: `num contribution ${c.contribution >= 0 ? "up" : "down"}`, text: signed(c.contribution) }),
    withWeight ? el("td", { class: "num", text: fixed(c.weight, 4) }) : null,
    withValue ? el("td", { class: "num", text: fixed(c.value, 4) }) : null));
  const more = contributions.length - top.length;
  const title = `Top terms${more > 0 ? ` (${top.length} of ${contributions.length})` : ""}`;
  return el("div", { class: "top-terms" }, el("h4", { text: title }),
    el("table", { class: "terms" }, el("thead", {}, head), el("tbody", {}, ...rows)));
}

/** A tree's decision path, a line per split. */
function decisionPath(path) {
  const list = el("ol", { class: "path" });
  for (const step of path) {
    const left = step.branch === "left";
    list.append(el("li", {},
      el("span", { class: "node", text: `#${step.node}` }), " ",
      el("code", { class: "term", lang: "ru", text: quoted(String(step.term)) }), " ",
      `${fixed(step.value, 4)} ${left ? "\u2264" : ">"} ${fixed(step.threshold, 4)} \u2192 ${step.branch}`,
      el("span", { class: "muted", text: ` (node value ${fixed(step.nodeValue, 3)})` })));
  }
  return el("details", { class: "decision-path", open: "" }, el("summary", { text: `Decision path (${path.length} split${path.length === 1 ? "" : "s"})` }), list);
}

// ---------------------------------------------------------------------------------------------------------------
// Batch: lines or a CSV file, rated with every model in chunks of 64; a sortable table, a CSV download, histograms

let batchRun = 0;
let batch = null; // {texts, models: [{model, ratings|null}], order, sort: {key, descending}}
let downloadUrl = null;

/** RFC 4180 CSV: quoted fields may hold delimiters, doubled quotes and line breaks; `,` or `;`, whichever the
 * first record holds more of (outside quotes). */
function parseCSV(source) {
  const text = source.replace(/^\uFEFF/, "");
  let commas = 0, semicolons = 0, inQuotes = false;
  for (const char of text) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (char === "\n" || char === "\r")) break;
    else if (!inQuotes && char === ",") commas++;
    else if (!inQuotes && char === ";") semicolons++;
  }
  const delimiter = semicolons > commas ? ";" : ",";
  const rows = [];
  let row = [], field = "", quotedField = false, fieldStarted = false;
  const endField = () => { row.push(field); field = ""; fieldStarted = false; };
  const endRow = () => { endField(); rows.push(row); row = []; };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quotedField) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') { field += '"'; i++; }
      else quotedField = false;
    } else if (char === '"' && !fieldStarted) {
      quotedField = true;
      fieldStarted = true;
    } else if (char === delimiter) {
      endField();
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quotedField) throw new Error("a quoted field is not closed");
  if (fieldStarted || row.length) endRow();
  return { rows: rows.filter((r) => r.length > 1 || r[0] !== ""), delimiter };
}

/** The non-empty texts of a CSV's `text` column. */
function textsOfCSV(source) {
  const { rows, delimiter } = parseCSV(source);
  if (!rows.length) throw new Error("the file is empty");
  const header = rows[0].map((name) => name.trim());
  const column = header.findIndex((name) => name.toLowerCase() === "text");
  if (column < 0) throw new Error(`no "text" column in the header row (${header.join(delimiter) || "empty"})`);
  const texts = rows.slice(1).map((r) => r[column] ?? "").filter((t) => t.trim() !== "");
  return { texts, skipped: rows.length - 1 - texts.length };
}

async function rateFile(file) {
  if (!file) return;
  let parsed;
  try {
    if (file.size > 50 * 1024 * 1024) throw new Error("the file is larger than 50 MB");
    parsed = textsOfCSV(await file.text());
  } catch (error) {
    setStatus("batch-status", `${file.name}: ${error.message}`, true);
    return;
  }
  const skipped = parsed.skipped ? `, ${parsed.skipped} empty row${parsed.skipped === 1 ? "" : "s"} skipped` : "";
  await rateBatch(parsed.texts, `${file.name} (${parsed.texts.length} row${parsed.texts.length === 1 ? "" : "s"}${skipped})`);
}

async function rateLines() {
  const texts = $("batch-lines").value.split(/\r?\n/).filter((line) => line.trim() !== "");
  await rateBatch(texts, `${texts.length} line${texts.length === 1 ? "" : "s"}`);
}

async function rateBatch(texts, source) {
  if (!texts.length) {
    setStatus("batch-status", "Nothing to rate: paste jokes, one per line, or choose a CSV file.", true);
    return;
  }
  const run = ++batchRun;
  const started = performance.now();
  setStatus("batch-status", `Rating ${source}…`);
  const listing = await loadModels();
  if (run !== batchRun) return;
  if (!listing.ok) {
    setStatus("batch-status", `Could not list the models: ${listing.error}`, true);
    return;
  }
  const chunks = [];
  for (let at = 0; at < texts.length; at += BATCH_LIMIT) chunks.push(texts.slice(at, at + BATCH_LIMIT));
  const progress = $("batch-progress");
  progress.max = Math.max(1, chunks.length * listing.models.length);
  progress.value = 0;
  progress.hidden = false;
  const errors = [];
  // Every model at once; each model's chunks one after another.
  const columns = await Promise.all(listing.models.map(async (model) => {
    const ratings = [];
    for (const chunk of chunks) {
      const answer = await call(modelPath(model, "predict/batch"), { texts: chunk });
      if (run !== batchRun) return null;
      const got = answer.ok ? answer.data.ratings : null;
      if (!Array.isArray(got) || got.length !== chunk.length || !got.every(isNumber)) {
        errors.push(`${model.label}: ${answer.ok ? "the answer has the wrong number of ratings" : answer.error}`);
        return { model, ratings: null };
      }
      ratings.push(...got);
      progress.value += 1;
    }
    return { model, ratings };
  }));
  if (run !== batchRun) return;
  progress.hidden = true;
  $("batch-errors").replaceChildren(...errors.map((message) => el("li", { class: "error", text: message })));
  batch = { texts, models: columns, order: texts.map((_, i) => i), sort: { key: "index", descending: false } };
  showBatch();
  const rated = columns.filter((c) => c.ratings).length;
  setStatus("batch-status", `Rated ${source} with ${rated} of ${columns.length} models in ${ms(performance.now() - started)}.`, errors.length > 0);
}

function showBatch() {
  $("batch-results").hidden = false;
  const head = document.querySelector("#batch-table thead tr");
  const header = (key, label) => {
    const button = el("button", { type: "button", class: "sort", "data-sort": key }, label, el("span", { class: "sort-mark", "aria-hidden": "true" }));
    return el("th", { scope: "col", "data-sort": key, class: key === "index" || key === "text" ? key : "score" }, button);
  };
  head.replaceChildren(header("index", "#"), header("text", "Text"),
    ...batch.models.map((column) => header(`model:${column.model.label}`, column.model.label)));
  sortBatch(batch.sort.key, batch.sort.descending);
  showHistograms();
}

/** Sorts the rows by a column (index, text or model:<name>), missing ratings last, and redraws the body. */
function sortBatch(key, descending) {
  batch.sort = { key, descending };
  const column = key.startsWith("model:") ? batch.models.find((c) => `model:${c.model.label}` === key) : null;
  const sign = descending ? -1 : 1;
  batch.order.sort((a, b) => {
    if (column) {
      const x = column.ratings ? column.ratings[a] : NaN, y = column.ratings ? column.ratings[b] : NaN;
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) - Number.isNaN(y) || a - b;
      return sign * (x - y) || a - b;
    }
    if (key === "text") return sign * batch.texts[a].localeCompare(batch.texts[b], "ru") || a - b;
    return sign * (a - b);
  });
  for (const th of document.querySelectorAll("#batch-table th")) {
    const active = th.dataset.sort === key;
    if (active) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    else th.removeAttribute("aria-sort");
    th.querySelector(".sort-mark").textContent = active ? (descending ? " \u25BC" : " \u25B2") : "";
  }
  const rows = batch.order.map((index) => el("tr", { "data-index": index },
    el("td", { class: "index", text: String(index + 1) }),
    el("td", { class: "text", lang: "ru", text: batch.texts[index] }),
    ...batch.models.map((c) => {
      const rating = c.ratings ? c.ratings[index] : undefined;
      return el("td", { class: "score", "data-model": c.model.label, "data-rating": isNumber(rating) ? String(rating) : null, text: fixed(rating) });
    })));
  document.querySelector("#batch-table tbody").replaceChildren(...rows);
  updateDownload();
}

/** The table as CSV (in its current order), behind the download link. */
function updateDownload() {
  const escape = (field) => (/[",;\r\n]/.test(field) || field !== field.trim() ? `"${field.replace(/"/g, '""')}"` : field);
  const lines = [["text", ...batch.models.map((c) => c.model.label)].map(escape).join(",")];
  for (const index of batch.order) {
    lines.push([batch.texts[index], ...batch.models.map((c) => (c.ratings ? String(c.ratings[index]) : ""))].map(escape).join(","));
  }
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(new Blob(["\uFEFF" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }));
  $("batch-download").href = downloadUrl;
}

/** A histogram (SVG) of each model's ratings over its training scale. */
function showHistograms() {
  const figures = batch.models.filter((c) => c.ratings).map((c) => {
    const ratings = c.ratings;
    const scale = scaleOf(c.model) || { min: Math.min(...ratings), max: Math.max(...ratings) + 1e-9, mean: null };
    const bins = Math.min(40, Math.max(10, Math.round((scale.max - scale.min) / BIN_WIDTH)));
    const width = (scale.max - scale.min) / bins;
    const counts = new Array(bins).fill(0);
    for (const r of ratings) counts[Math.min(bins - 1, Math.max(0, Math.floor((r - scale.min) / width)))]++;
    const tallest = Math.max(...counts);
    const [left, right, top, bottom] = [28, 312, 12, 112]; // plot area in the 320×140 view box
    const x = (value) => left + ((value - scale.min) / (scale.max - scale.min)) * (right - left);
    const chart = svg("svg", { viewBox: "0 0 320 140", class: "histogram", role: "img", "aria-label": `Histogram of ${c.model.label}'s ratings` });
    counts.forEach((count, bin) => {
      const height = tallest ? ((bottom - top) * count) / tallest : 0;
      const from = scale.min + bin * width;
      chart.append(svg("rect", { class: "bar", "data-count": count, x: x(from) + 0.5, y: bottom - height, width: Math.max(0, x(from + width) - x(from) - 1), height },
        svg("title", { text: `${fixed(from, 2)}–${fixed(from + width, 2)}: ${count} text${count === 1 ? "" : "s"}` })));
    });
    chart.append(
      svg("line", { class: "axis", x1: left, x2: right, y1: bottom, y2: bottom }),
      svg("text", { class: "tick", x: left, y: bottom + 14, "text-anchor": "start", text: fixed(scale.min, 1) }),
      svg("text", { class: "tick", x: right, y: bottom + 14, "text-anchor": "end", text: fixed(scale.max, 1) }),
      svg("text", { class: "tick", x: left - 4, y: top + 8, "text-anchor": "end", text: String(tallest) }),
      svg("text", { class: "tick", x: left - 4, y: bottom, "text-anchor": "end", text: "0" }));
    if (scale.mean !== null) {
      chart.append(svg("line", { class: "mean", x1: x(scale.mean), x2: x(scale.mean), y1: top - 4, y2: bottom }),
        svg("text", { class: "tick", x: x(scale.mean), y: bottom + 14, "text-anchor": "middle", text: `mean ${fixed(scale.mean, 2)}` }));
    }
    const mean = ratings.reduce((sum, r) => sum + r, 0) / ratings.length;
    return el("figure", { class: "histogram-figure", "data-model": c.model.label }, chart,
      el("figcaption", {}, el("strong", { text: c.model.label }), ` · ${ratings.length} ratings · mean ${fixed(mean)} · ${fixed(Math.min(...ratings))}–${fixed(Math.max(...ratings))}`));
  });
  $("histograms").replaceChildren(...figures);
}

function setUpBatch() {
  $("batch-table").addEventListener("click", (event) => {
    const button = event.target.closest("button.sort");
    if (!button || !batch) return;
    const key = button.dataset.sort;
    // a new column sorts ratings highest first, # and text ascending; the same column flips
    const descending = batch.sort.key === key ? !batch.sort.descending : key.startsWith("model:");
    sortBatch(key, descending);
  });
  $("batch-file").addEventListener("change", (event) => rateFile(event.target.files[0]).catch(reportBug("batch-status")));
  const zone = $("dropzone");
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    rateFile(event.dataTransfer.files[0]).catch(reportBug("batch-status"));
  });
  // a file dropped beside the zone must not replace the page
  document.addEventListener("dragover", (event) => event.preventDefault());
  document.addEventListener("drop", (event) => event.preventDefault());
}

// ---------------------------------------------------------------------------------------------------------------
// Models tab: what GET /api/v1/models says

async function showModels(fresh = false) {
  setStatus("models-status", "Loading the models…");
  const listing = await loadModels(fresh);
  const list = $("model-list");
  if (!listing.ok) {
    setStatus("models-status", `Could not list the models: ${listing.error}`, true);
    list.replaceChildren(el("button", { type: "button", class: "retry", text: "Try again" }));
    return;
  }
  setStatus("models-status", `${listing.models.length} model${listing.models.length === 1 ? "" : "s"} loaded.`);
  list.replaceChildren(...listing.models.map((model) => modelDetails(model, listing.isDefault(model))),
    el("button", { type: "button", class: "retry", text: "Refresh" }));
}

function modelDetails(model, isDefault) {
  const rows = [
    ["Kind", model.kind],
    ["Version", model.version],
    ["Default", isDefault || model.default === true ? "yes" : "no"],
    ["Embeddings", isNumber(model.embeddingDimension)
      ? el("span", {}, `${model.embeddingDimension} values a text, through `, el("code", { text: "POST /v1/embeddings" }), " (OpenAI's API) and ",
        el("code", { text: "POST /embed" }), " (text-embeddings-inference's)")
      : "none"],
    ["Created", model.createdAt ? el("time", { datetime: model.createdAt, text: model.createdAt.replace("T", " ").replace("Z", " UTC") }) : null],
    ["Digest", model.digest ? el("code", { class: "hash", title: model.digest, text: model.digest }) : null],
  ];
  const training = model.training;
  if (training) {
    rows.push(
      ["Dataset", training.dataset ? `${training.dataset}${isNumber(training.rows) ? ` · ${training.rows} rows` : ""}` : null],
      ["Dataset SHA-256", training.sha256 ? el("code", { class: "hash", title: training.sha256, text: training.sha256 }) : null],
      ["Parameters", training.params && typeof training.params === "object"
        ? el("span", {}, ...Object.entries(training.params).map(([key, value]) => el("code", { class: "param", text: `${key} = ${JSON.stringify(value)}` })))
        : null]);
    const target = scaleOf(model);
    if (target) rows.push(["Ratings", `${target.min} to ${target.max}${target.mean !== null ? `, mean ${fixed(target.mean, 4)}` : ""}`]);
    const cv = training.cv;
    if (cv) {
      rows.push(["Cross-validation", isNumber(cv.folds) ? `${cv.folds} folds` : "yes"],
        ["RMSE", versusBaseline(cv.rmse, cv.baselineRmse)],
        ["MAE", versusBaseline(cv.mae, cv.baselineMae)]);
    } else {
      rows.push(["Cross-validation", "not recorded"]);
    }
  } else {
    rows.push(["Training", "no training record"]);
  }
  const list = el("dl", { class: "facts" });
  for (const [name, value] of rows) {
    if (value === null || value === undefined || value === "") continue;
    list.append(el("dt", { text: name }), el("dd", {}, typeof value === "string" ? value : value));
  }
  return el("article", { class: "model", "data-model": model.label },
    el("h2", {}, model.label, isDefault ? el("span", { class: "badge", text: "default" }) : null), list);
}

/** "0.6739 vs 0.6882 for the mean (−2.1%)": a cross-validated error beside the mean baseline's. */
function versusBaseline(value, baseline) {
  if (!isNumber(value)) return null;
  if (!isNumber(baseline) || baseline === 0) return fixed(value, 4);
  const change = ((value - baseline) / baseline) * 100;
  return el("span", {}, `${fixed(value, 4)} vs ${fixed(baseline, 4)} for the mean baseline `,
    el("span", { class: change <= 0 ? "better" : "worse", text: `(${change < 0 ? "\u2212" : "+"}${Math.abs(change).toFixed(1)}%)` }));
}

// ---------------------------------------------------------------------------------------------------------------
// Wiring

/** A handler for a failure of the page's own code: said on the page rather than left as an unhandled rejection. */
const reportBug = (statusId) => (error) => setStatus(statusId, `Something went wrong: ${error && error.message}`, true);

/** Ctrl+Enter (Cmd+Enter on macOS) in a text area submits its form. */
function submitOnCtrlEnter(textarea) {
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      textarea.form.requestSubmit();
    }
  });
}

function setUp() {
  setUpTabs();
  setUpBatch();
  const platform = (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform || "";
  if (/mac|iphone|ipad/i.test(platform)) for (const key of document.querySelectorAll(".shortcut")) key.textContent = "\u2318";
  submitOnCtrlEnter($("joke"));
  submitOnCtrlEnter($("batch-lines"));
  $("rate-form").addEventListener("submit", (event) => {
    event.preventDefault();
    rate().catch(reportBug("rate-status"));
  });
  $("batch-form").addEventListener("submit", (event) => {
    event.preventDefault();
    rateLines().catch(reportBug("batch-status"));
  });
  document.querySelector(".examples").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-example]");
    if (!button) return;
    $("joke").value = button.dataset.example;
    rate().catch(reportBug("rate-status"));
  });
  $("model-list").addEventListener("click", (event) => {
    if (event.target.closest("button.retry")) showModels(true).catch(reportBug("models-status"));
  });
  showModels().catch(reportBug("models-status"));
}

setUp(); // the script is deferred: the document is parsed
