// Parley login popup: hand the result to the window that opened it, at the validated origin only.
(function () {
  "use strict";
  var element = document.getElementById("parley-message");
  if (!element) return;
  var data = JSON.parse(element.textContent);
  if (window.opener && data.origin && data.message) {
    window.opener.postMessage(data.message, data.origin);
    window.close();
  }
})();
