// Our page behaviour, as a file so the Content Security Policy can forbid inline script.

// "Print this plan" buttons (the plan to print).
for (const button of document.querySelectorAll("[data-cp-print]")) {
  button.addEventListener("click", () => window.print());
}

// GOV.UK Frontend's components. base.html gives the (hashed) address of its module in
// data-govuk-frontend: the address its own <script> tag loads, so the module runs only once.
const me = document.querySelector("script[data-govuk-frontend]");
import(me.dataset.govukFrontend).then(({ initAll }) => initAll());
