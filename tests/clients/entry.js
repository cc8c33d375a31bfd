// What the checks run inside a page: independent implementations of the
// W3C selectors (Apache Annotator) and of the text-fragment algorithm
// (Google's polyfill), exposed for check.mjs to call.
import {
  createTextQuoteSelectorMatcher,
  createTextPositionSelectorMatcher,
} from "@apache-annotator/dom";
import {
  parseFragmentDirectives,
  processTextFragmentDirective,
} from "text-fragments-polyfill/text-fragment-utils";

window.clients = {
  createTextQuoteSelectorMatcher,
  createTextPositionSelectorMatcher,
  parseFragmentDirectives,
  processTextFragmentDirective,
};
