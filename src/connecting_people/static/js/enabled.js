// Tells GOV.UK Frontend's styles that JavaScript runs here (and whether its modules can), as its
// page template's inline snippet does; a file of its own, so the Content Security Policy needs no
// 'unsafe-inline'. Loaded (without defer) straight after <body> opens, before anything is drawn.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
