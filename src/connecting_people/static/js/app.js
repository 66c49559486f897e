// Our page behaviour, as a file so the Content Security Policy can forbid inline script.

// "Print this plan" buttons (the plan to print).
for (const button of document.querySelectorAll("[data-cp-print]")) {
  button.addEventListener("click", () => window.print());
}

// GOV.UK Frontend's components. base.html gives the (hashed) address of its module in
// data-govuk-frontend: the address its own <script> tag loads, so the module runs only once.
const me = document.querySelector("script[data-govuk-frontend]");
import(me.dataset.govukFrontend).then(({ initAll }) => initAll());

// A folded section (<details class="cp-fold">) opens when the address points into it, e.g. back
// on a person's page at #interests after adding one. Without JavaScript the section is a click away.
function openFoldFor(hash) {
  if (!hash || hash.length < 2) return;
  const target = document.getElementById(decodeURIComponent(hash.slice(1)));
  const fold = target && target.closest("details.cp-fold");
  if (fold && !fold.open) {
    fold.open = true;
    target.scrollIntoView();
  }
}
openFoldFor(window.location.hash);
window.addEventListener("hashchange", () => openFoldFor(window.location.hash));
