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
// What to tell for an answer that is not swapped in, by status.
function failureText(status) {
  if (status === 403)
    return "This could not be completed: you are not allowed to do this, or you have been signed out. Reload the page (you may need to sign in again).";
  if (status === 404) return "This could not be completed: the record is no longer available to you. Reload the page.";
  if (status === 409)
    return "This could not be completed: someone else changed this record. Reload the page to see the change, then try again.";
  if (status === 400 || status === 422)
    return `This could not be completed: the service refused what was sent (${status}). Nothing was saved: reload the page and try again.`;
  if (status === 429) return "This could not be completed: too many requests. Wait a minute and try again.";
  return `This could not be completed (the service answered ${status}). Nothing may have been saved: reload the page and try again.`;
}

// A 400/409/422 is swapped in only when it brings the form again with its errors (a fragment with
// a GOV.UK error summary or message); anything else (an empty answer, a whole error page) is not
// swapped into the page and is told instead.
document.body.addEventListener("htmx:beforeSwap", (event) => {
  const xhr = event.detail.xhr;
  if (!xhr || xhr.status < 400 || event.detail.isError) return;
  const body = typeof xhr.responseText === "string" ? xhr.responseText : "";
  const bringsItsErrors = /govuk-error-(summary|message)/.test(body) && !/<html[\s>]/i.test(body);
  if (event.detail.shouldSwap && bringsItsErrors) return;
  event.detail.shouldSwap = false;
  tellHtmxError(failureText(xhr.status));
});
document.body.addEventListener("htmx:responseError", (event) => {
  tellHtmxError(failureText(event.detail.xhr ? event.detail.xhr.status : 0));
});
document.body.addEventListener("htmx:sendError", () => {
  tellHtmxError("This could not be completed: the service could not be reached. Check your connection and try again.");
});
