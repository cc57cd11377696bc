// Provider marks as inline SVG (no request, nothing for a CSP to block): one small path each, drawn
// in the text colour. Providers without a mark of their own get a generic person.

const PATHS = {
  github: "M8 1a7 7 0 0 0-2 13.7V12c-2 0-2.5-1.5-3-2 1 0 1.5 1 2.5 1L6 9.5C4 9 3 8 3 6c0-1 .5-1.5.5-1.5V2.5L5.5 4h5l2-1.5v2S13 5 13 6c0 2-1 3-3 3.5.7.5 1 1 1 2v3.2A7 7 0 0 0 8 1z",
  google: "M15.7 6.6H8v3.1h4.4A4.7 4.7 0 1 1 11.2 4.5l2.2-2.2A7.8 7.8 0 1 0 15.8 8z",
  other: "M8 8a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zm-7 8c0-4 3-6 7-6s7 2 7 6z",
};

/** An <svg> mark for a provider, hidden from assistive technology (the button says the name). */
export function mark(name) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("aria-hidden", "true");
  svg.innerHTML = `<path fill="currentColor" d="${PATHS[name] || PATHS.other}"/>`;
  return svg;
}
