// Provider marks as inline SVG (no request, nothing for a CSP to block): one small path each, drawn
// in the text colour. Providers without a mark of their own (any OpenID issuer) get a generic person.

// Drawn for this widget on a 16-unit grid: the shape of each provider's mark, not its artwork.
const PATHS = {
  facebook: "M9 16v-6h2l.4-2.5H9V6c0-.8.3-1.3 1.3-1.3h1.2V2.5A14 14 0 0 0 9.8 2.4C8 2.4 6.7 3.5 6.7 5.6v1.9h-2V10h2v6A8 8 0 1 1 9 16z",
  twitter: "M12.2 1.5h2.3L9.6 7.1l5.8 7.4h-4.5L7.3 10l-4 4.5H1l5.3-6L.8 1.5h4.6l3.2 4.2zm-.8 11.7h1.3L4.7 2.8H3.3z",
  wordpress: "M8 0a8 8 0 1 0 0 16A8 8 0 0 0 8 0zM1.3 8c0-1 .2-1.9.6-2.7l3.2 8.8A6.7 6.7 0 0 1 1.3 8zm6.7 6.7c-.7 0-1.3-.1-1.9-.3l2-5.8 2 5.6a6.7 6.7 0 0 1-2.1.5zm.9-9.8.8-.1c.4 0 .3-.6 0-.6 0 0-1.1.1-1.8.1L6.1 4.2c-.4 0-.4.6 0 .6l.7.1 1 2.8-1.5 4.4-2.4-7.2.8-.1c.4 0 .3-.6 0-.6L3 4.3A6.7 6.7 0 0 1 13 3c-1 0-1.6.8-1.6 1.6 0 .8.4 1.4.9 2.2.4.6.7 1.4.7 2.5l-.9 3.2zm2.5 8.9 2-5.9c.4-.9.5-1.7.5-2.4l-.1-.8a6.7 6.7 0 0 1-2.4 9.1z",
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
