// A lesson page's widgets: once the page is read, load the widget renderer from the site's
// own copy (vendor/html-manager/), which draws every widget from the state stored in the
// page. nbconvert writes the same as an inline script; the site's Content-Security-Policy
// runs none, so it is this file.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var script = document.createElement("script");
  script.src = "vendor/html-manager/dist/embed-amd.js";
  document.body.appendChild(script);
});
