// Progressive enhancement only: every page works without this file.
import { initAll as initGovuk } from "../vendor/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "../vendor/moj/moj-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
initGovuk();
initMoj();

// htmx: 400/409/422 answers are swapped in (base.html's htmx-config) and bring their error summary
// and field errors; start the GOV.UK components in what was swapped (the summary takes focus).
// Any other failure (a server error, a lost connection, a signed-out session) is told here,
// never silently dropped.
const htmxError = document.getElementById("htmx-error");

function tellHtmxError(text) {
  if (!htmxError) return;
  htmxError.querySelector("[data-htmx-error-text]").textContent = text;
  htmxError.classList.add("govuk-error-summary"); // styled only while shown
  htmxError.hidden = false;
  htmxError.focus();
}

document.body.addEventListener("htmx:beforeRequest", () => {
  if (htmxError) {
    htmxError.hidden = true;
    htmxError.classList.remove("govuk-error-summary");
  }
});
document.body.addEventListener("htmx:afterSwap", (event) => {
  initGovuk({ scope: event.detail.target });
});
document.body.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr ? event.detail.xhr.status : 0;
  const what =
    status === 404 || status === 403
      ? "This could not be completed: the page is no longer available to you. Reload the page (you may need to sign in again)."
      : `This could not be completed (the service answered ${status}). Nothing may have been saved: reload the page and try again.`;
  tellHtmxError(what);
});
document.body.addEventListener("htmx:sendError", () => {
  tellHtmxError("This could not be completed: the service could not be reached. Check your connection and try again.");
});
