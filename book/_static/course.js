/* Course script, added to every page (Sphinx adds every .js in _static). */
(function () {
  "use strict";

  /* Navigation: the course's menu button (_templates/toggle-primary-sidebar.html) passes its
     click to the theme's first `.primary-toggle`, the one pydata-sphinx-theme and
     sphinx-book-theme listen on: a drawer on a phone, a collapsing sidebar on a wide screen. */
  function setUpNavigation() {
    var themeToggle = document.querySelector(".primary-toggle");
    document.querySelectorAll(".vc-nav-toggle").forEach(function (button) {
      if (!themeToggle) {
        button.hidden = true; // nothing to open: hide a button that would do nothing
        return;
      }
      button.addEventListener("click", function (event) {
        event.preventDefault();
        themeToggle.click();
      });
    });
  }

  /* Offline after the first visit: sw.js (written by the build) caches the whole book. */
  function registerServiceWorker() {
    if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
    var root = document.documentElement.dataset.content_root || "./";
    navigator.serviceWorker.register(root + "sw.js", { scope: root }).catch(function (error) {
      console.warn("The book cannot be saved for offline reading here: " + error);
    });
  }
  // After the page has loaded: saving the book must not slow the first figure down.
  if (document.readyState === "complete") {
    registerServiceWorker();
  } else {
    window.addEventListener("load", registerServiceWorker);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpNavigation);
  } else {
    setUpNavigation();
  }
})();
