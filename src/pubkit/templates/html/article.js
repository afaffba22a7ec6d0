/* pubkit article page: the "Copy" button of the citation block. Works offline, without any library. */
"use strict";

(function () {
  function copyBySelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } finally {
      document.body.removeChild(area);
    }
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyBySelection(text); }
      );
    }
    return Promise.resolve(copyBySelection(text));
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) {
      return;
    }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(source.textContent.trim()).then(function (copied) {
        if (!copied) {
          return;
        }
        button.textContent = button.getAttribute("data-done");
        button.classList.add("done");
        window.setTimeout(function () {
          button.textContent = label;
          button.classList.remove("done");
        }, 2000);
      });
    });
  });
})();
