"use strict";
// Rates the text with every loaded model, through the public /api/v1 routes only.
async function rateWithEveryModel() {
  const text = document.getElementById("joke").value;
  const results = document.getElementById("results");
  results.replaceChildren();
  const listing = await (await fetch("/api/v1/models")).json();
  for (const model of listing.models) {
    const answer = await fetch(`/api/v1/models/${encodeURIComponent(model.name)}/predict`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text }),
    });
    const line = document.createElement("p");
    const body = await answer.json();
    line.textContent = answer.ok ? `${model.name}: ${body.rating.toFixed(3)}` : `${model.name}: ${body.error}`;
    results.append(line);
  }
}
document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("rate").addEventListener("click", rateWithEveryModel);
});
