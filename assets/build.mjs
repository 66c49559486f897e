// Builds the front-end assets into the Python package's static folder (git-ignored):
// our Sass over GOV.UK Frontend, GOV.UK Frontend's JavaScript, and htmx.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src/connecting_people/static/dist");
const govuk = join(root, "node_modules/govuk-frontend/dist/govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });

const css = sass.compile(join(root, "assets/scss/app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div"],
});
// No crown: the GOV.UK crest is only for GOV.UK services, so its one background image goes.
writeFileSync(join(out, "css/app.css"), css.css.replaceAll(/url\("[^"]*govuk-crest\.svg"\)/g, "none"));

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "js/govuk-frontend.min.js"));
cpSync(join(root, "node_modules/htmx.org/dist/htmx.min.js"), join(out, "js/htmx.min.js"));
console.log(`built assets into ${out}`);
