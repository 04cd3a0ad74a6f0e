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

  /* Saving the book for offline reading: offline.mjs (it shows the reader whether it is saved). */

  /* Figures on a narrow screen: the legend goes below the plot and long titles wrap, so no
     text is cut off or covers the data. Titles that a control changes are wrapped again. */
  var NARROW = 600;
  var CHARACTER_PX = 9.5; // average width of a title character at plotly's 14-17 px fonts

  function wrapTitle(text, width) {
    // Paragraphs (an empty line, "<br><br>") stay apart; lines within one are rewrapped.
    var paragraphs = String(text).split(/<br\s*\/?>\s*<br\s*\/?>/i);
    if (paragraphs.length > 1) {
      return paragraphs
        .map(function (paragraph) {
          return wrapTitle(paragraph, width);
        })
        .join("<br><br>");
    }
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

  function longestLine(text) {
    return String(text)
      .split(/<br\s*\/?>/i)
      .reduce(function (most, line) {
        return Math.max(most, line.replace(/<[^>]+>/g, "").length);
      }, 0);
  }

  /* A text that reaches past the figure's edge is wrapped to fewer characters a line, in
     proportion to how far it overflows; text below the bottom edge makes the figure taller. */
  function fitText(gd, element, text, key, patch, frame) {
    // A text the builder's narrow layout replaces is fitted on the next pass, once drawn.
    if (!element || !text || key in patch) return 0;
    var box = element.getBoundingClientRect();
    if (!box.width) return 0;
    var over = Math.max(box.right - frame.right, frame.left - box.left);
    if (over > 1) {
      var chars = longestLine(text);
      var limit = Math.max(12, Math.floor((chars * (box.width - over - 6)) / box.width));
      var wrapped = wrapTitle(text, limit * CHARACTER_PX);
      if (wrapped !== text) patch[key] = wrapped;
    }
    return Math.max(0, box.bottom - frame.bottom);
  }

  function fitFigure(gd) {
    if (!gd.layout || gd.dataset.vcFitting) return;
    var patch = {};
    var restyle = { names: [], traces: [], texts: [], textTraces: [] };
    var narrow = gd.clientWidth < NARROW;
    var title = gd.layout.title && gd.layout.title.text;
    if (narrow && title) {
      var wrapped = wrapTitle(title, gd.clientWidth);
      if (wrapped !== title) patch["title.text"] = wrapped;
      var top = 40 + 20 * wrapped.split("<br>").length;
      if (!gd.layout.margin || gd.layout.margin.t < top) patch["margin.t"] = top;
      if (!gd.layout.title.font || gd.layout.title.font.size !== 15) patch["title.font.size"] = 15;
    }
    // The pass that switches to the narrow layout fits no text: the margins, ticks and texts
    // are about to change, so texts are measured on the next pass, once redrawn.
    var switching = narrow && !gd.dataset.vcNarrow;
    if (switching) {
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
      // The figure builder's own narrow layout (display.with_narrow_layout) wins over these.
      var own = gd.layout.meta && gd.layout.meta.vc_narrow;
      if (own) Object.assign(patch, own);
      var shorter = (gd.layout.meta && gd.layout.meta.vc_narrow_text) || {};
      Object.keys(shorter).forEach(function (index) {
        restyle.texts.push(shorter[index]);
        restyle.textTraces.push(Number(index));
      });
    }
    var frame = gd.getBoundingClientRect();
    if (switching) return apply(gd, patch, restyle);
    // A title wider than the figure (at any width) wraps, and the top margin grows with it.
    var titleBox = gd.querySelector(".g-gtitle .gtitle");
    if (title && titleBox) {
      fitText(gd, titleBox, title, "title.text", patch, frame);
      if (patch["title.text"]) {
        var needed = 40 + 20 * patch["title.text"].split("<br>").length;
        if (!gd.layout.margin || gd.layout.margin.t < needed) patch["margin.t"] = needed;
      }
    }
    var below = 0;
    gd.querySelectorAll(".annotation[data-index]").forEach(function (g) {
      var i = Number(g.getAttribute("data-index"));
      var note = (gd.layout.annotations || [])[i];
      if (note && note.text) {
        below = Math.max(below, fitText(gd, g, note.text, "annotations[" + i + "].text", patch, frame));
      }
    });
    gd.querySelectorAll(".g-xtitle, .g-x2title, .g-ytitle, .g-y2title").forEach(function (g) {
      var axis = g.getAttribute("class").replace("g-", "").replace("title", "");
      var name = axis.charAt(0) + "axis" + axis.slice(1);
      var spec = gd.layout[name] && gd.layout[name].title;
      var text = spec && (spec.text || spec);
      if (typeof text === "string") fitText(gd, g, text, name + ".title.text", patch, frame);
    });
    gd.querySelectorAll(".legend .traces").forEach(function (g) {
      var datum = g.__data__ && g.__data__[0] && g.__data__[0].trace;
      if (!datum || !datum.name) return;
      var box = g.getBoundingClientRect();
      if (box.right > frame.right + 1 && box.width) {
        var over = box.right - frame.right;
        var chars = longestLine(datum.name);
        var limit = Math.max(12, Math.floor((chars * (box.width - over - 40)) / box.width));
        restyle.names.push(wrapTitle(datum.name, limit * CHARACTER_PX));
        restyle.traces.push(datum.index);
      }
    });
    if (below > 1) {
      // Taller by the overflow, all of it in the bottom margin: the plot keeps its size, so
      // notes placed below it (in plot fractions) stay where they are and now fit.
      var extra = Math.round(below + 12);
      var bottom = (gd._fullLayout && gd._fullLayout.margin && gd._fullLayout.margin.b) || 80;
      patch.height = Math.round(frame.height) + extra;
      patch["margin.b"] = bottom + extra;
    }
    apply(gd, patch, restyle);
  }

  function apply(gd, patch, restyle) {
    var passes = Number(gd.dataset.vcFitPasses || 0);
    var changes = Object.keys(patch).length + restyle.traces.length + restyle.textTraces.length;
    if (!changes || passes >= 6) {
      // Nothing left to fit (or the rounds are over): tests and readers can rely on the layout.
      gd.dataset.vcSettled = "1";
      return;
    }
    delete gd.dataset.vcSettled;
    if (patch.height) gd.style.height = patch.height + "px"; // the page makes room for it
    gd.dataset.vcFitting = "1";
    gd.dataset.vcFitPasses = String(passes + 1);
    var done = function () {
      delete gd.dataset.vcFitting;
      // Measure again once this pass is drawn: plotly's own redraw event may have fired while
      // this pass was still running, and the pass limit above ends the rounds.
      setTimeout(function () {
        fitFigure(gd);
      }, 0);
    };
    var step = Object.keys(patch).length ? window.Plotly.relayout(gd, patch) : Promise.resolve();
    step
      .then(function () {
        if (restyle.traces.length) {
          return window.Plotly.restyle(gd, { name: restyle.names }, restyle.traces);
        }
      })
      .then(function () {
        if (restyle.textTraces.length) {
          return window.Plotly.restyle(gd, { text: restyle.texts }, restyle.textTraces);
        }
      })
      .then(done, done);
  }

  function fitFigures() {
    if (!window.Plotly) return;
    document.querySelectorAll(".plotly-graph-div").forEach(function (gd) {
      if (!gd.dataset.vcWatched && gd.on) {
        gd.dataset.vcWatched = "1";
        gd.on("plotly_afterplot", function () {
          // A redraw the reader caused (a control) starts a new round of fitting.
          if (!gd.dataset.vcFitting) {
            gd.dataset.vcFitPasses = "0";
            delete gd.dataset.vcSettled;
          }
          setTimeout(function () {
            fitFigure(gd);
          }, 0);
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
