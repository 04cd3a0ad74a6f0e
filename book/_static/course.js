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

  /* Figures on a narrow screen: the legend goes below the plot and long titles wrap, so no
     text is cut off or covers the data. Titles that a control changes are wrapped again. */
  var NARROW = 600;
  var CHARACTER_PX = 8.5; // average width of a title character at plotly's 14-17 px fonts

  function wrapTitle(text, width) {
    var words = String(text).replace(/<br\s*\/?>/gi, " ").split(/\s+/);
    var lines = [];
    var line = "";
    var limit = Math.max(16, Math.floor(width / CHARACTER_PX));
    words.forEach(function (word) {
      if (line && (line + " " + word).replace(/<[^>]+>/g, "").length > limit) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) lines.push(line);
    return lines.join("<br>");
  }

  function fitFigure(gd) {
    if (!gd.layout || gd.clientWidth >= NARROW || gd.dataset.vcFitting) return;
    var title = gd.layout.title && gd.layout.title.text;
    var patch = {};
    if (title) {
      var wrapped = wrapTitle(title, gd.clientWidth);
      if (wrapped !== title) patch["title.text"] = wrapped;
      var lines = wrapped.split("<br>").length;
      var top = 40 + 20 * lines;
      if (!gd.layout.margin || gd.layout.margin.t < top) patch["margin.t"] = top;
      if (!gd.layout.title.font || gd.layout.title.font.size !== 15) patch["title.font.size"] = 15;
    }
    if (!gd.dataset.vcNarrow) {
      gd.dataset.vcNarrow = "1";
      Object.assign(patch, {
        "legend.orientation": "h",
        "legend.x": 0,
        "legend.xanchor": "left",
        "legend.y": -0.25,
        "legend.yanchor": "top",
        "margin.l": Math.min((gd.layout.margin && gd.layout.margin.l) || 60, 55),
        "margin.r": 10,
      });
    }
    if (Object.keys(patch).length) {
      gd.dataset.vcFitting = "1";
      window.Plotly.relayout(gd, patch).then(function () {
        delete gd.dataset.vcFitting;
      });
    }
  }

  function fitFigures() {
    if (!window.Plotly) return;
    document.querySelectorAll(".plotly-graph-div").forEach(function (gd) {
      if (!gd.dataset.vcWatched && gd.on) {
        gd.dataset.vcWatched = "1";
        gd.on("plotly_afterplot", function () {
          fitFigure(gd);
        });
      }
      fitFigure(gd);
    });
  }

  window.addEventListener("load", fitFigures);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpNavigation);
  } else {
    setUpNavigation();
  }
})();
