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
    return wrapWords(text, Math.max(16, Math.floor(width / CHARACTER_PX)));
  }

  /* Lines of at most `limit` characters (a longer word keeps a line of its own). */
  function wrapWords(text, limit) {
    var words = String(text).replace(/<br\s*\/?>/gi, " ").split(/\s+/);
    var lines = [];
    var line = "";
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

  /* Texts drawn over each other. Below the plot, the x axes' tick labels and titles stay
     where plotly puts them; the legend and the notes below the plot move down, in reading
     order, until each clears whatever lies above it (the figure then grows to hold them).
     Above the plot, notes that a long title runs into move down with the plot (a taller top
     margin). Category tick labels that plotly had to turn on their side (or that run into
     each other) are wrapped onto lines instead, one category's width each. */
  var GAP = 6; // px between stacked texts

  function boxOf(element) {
    var box = element && element.getBoundingClientRect();
    return box && box.width && box.height ? box : null;
  }

  function sideBySide(a, b) {
    return Math.min(a.right, b.right) - Math.max(a.left, b.left) <= 2;
  }

  function plotArea(gd) {
    var size = gd._fullLayout && gd._fullLayout._size;
    if (!size) return null;
    var frame = gd.getBoundingClientRect();
    return { top: frame.top + size.t, bottom: frame.top + size.t + size.h, height: size.h };
  }

  function belowPlotItems(gd, plot) {
    var items = [];
    var full = gd._fullLayout;
    var legendBox = boxOf(gd.querySelector(".legend > rect.bg"));
    var legendBelow = legendBox && legendBox.top >= plot.bottom - 2;
    if (legendBelow && full.showlegend && full.legend.yref !== "container") {
      items.push({ box: legendBox, key: "legend.y", value: full.legend.y });
    }
    gd.querySelectorAll(".annotation[data-index]").forEach(function (g) {
      var i = Number(g.getAttribute("data-index"));
      var note = (full.annotations || [])[i];
      var box = boxOf(g);
      var below = box && box.top >= plot.bottom - 2;
      if (below && note && note.yref === "paper" && note.visible !== false) {
        items.push({ box: box, key: "annotations[" + i + "].y", value: note.y });
      }
    });
    return items.sort(function (a, b) {
      return a.box.top - b.box.top;
    });
  }

  function stackBelowPlot(gd, patch) {
    var plot = plotArea(gd);
    if (!plot) return 0;
    var placed = [];
    var axisTexts = ".xtick text, .x2tick text, .g-xtitle text, .g-x2title text";
    gd.querySelectorAll(axisTexts).forEach(function (t) {
      var box = boxOf(t);
      if (box) placed.push({ left: box.left, right: box.right, top: box.top, bottom: box.bottom });
    });
    var lowest = placed.reduce(function (most, box) {
      return Math.max(most, box.bottom);
    }, 0);
    belowPlotItems(gd, plot).forEach(function (item) {
      var box = item.box;
      var shift = 0;
      for (var round = 0; round < placed.length + 1; round++) {
        var more = 0;
        placed.forEach(function (p) {
          if (sideBySide(p, box) || p.top >= box.bottom + shift) return;
          more = Math.max(more, p.bottom + GAP - (box.top + shift));
        });
        if (more <= 0.5) break;
        shift += more;
      }
      if (shift > 0.5 && !(item.key in patch)) patch[item.key] = item.value - shift / plot.height;
      var moved = { left: box.left, right: box.right, top: box.top + shift };
      moved.bottom = box.bottom + shift;
      placed.push(moved);
      lowest = Math.max(lowest, box.bottom + shift);
    });
    return lowest;
  }

  function clearTitle(gd, patch, frame) {
    var title = boxOf(gd.querySelector(".g-gtitle text"));
    var plot = plotArea(gd);
    if (!title || !plot || "title.text" in patch || "margin.t" in patch) return;
    var deficit = 0;
    // Notes above the plot, and the top tick labels of the y axes.
    var above = gd.querySelectorAll(".annotation[data-index], .ytick text, .y2tick text");
    above.forEach(function (g) {
      var box = boxOf(g);
      if (!box || box.top > plot.top + 12 || sideBySide(box, title)) return;
      deficit = Math.max(deficit, title.bottom + GAP - box.top);
    });
    if (deficit > 0.5) {
      var extra = Math.ceil(deficit);
      patch["margin.t"] = gd._fullLayout.margin.t + extra;
      patch.height = Math.round(frame.height) + extra; // the plot keeps its size
    }
  }

  function tickBoxes(gd, axis) {
    return Array.prototype.map
      .call(gd.querySelectorAll("." + axis._id + "tick text"), boxOf)
      .filter(Boolean);
  }

  function crowded(boxes) {
    for (var i = 0; i < boxes.length; i++) {
      for (var j = i + 1; j < boxes.length; j++) {
        var a = boxes[i];
        var b = boxes[j];
        var down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (!sideBySide(a, b) && down > 2) return true;
      }
    }
    return false;
  }

  function wrapCategoryTicks(gd, patch) {
    var full = gd._fullLayout;
    Object.keys(full).forEach(function (name) {
      if (!/^xaxis\d*$/.test(name)) return;
      var axis = full[name];
      var own = gd.layout[name] || {};
      var ours = gd.dataset.vcTicks && JSON.parse(gd.dataset.vcTicks)[name];
      var categories = axis._categories || [];
      if (axis.type !== "category" || !categories.length || (own.tickvals && !ours)) return;
      if (ours && JSON.stringify(ours) === JSON.stringify(categories)) return;
      var turned = Math.abs(axis._tickAngles && axis._tickAngles[axis._id + "tick"] || 0) > 0;
      if (!ours && !turned && !crowded(tickBoxes(gd, axis))) return;
      var perCategory = (full._size.w * (axis.domain[1] - axis.domain[0])) / categories.length - 8;
      var charPx = 0.6 * ((axis.tickfont && axis.tickfont.size) || 14);
      patch[name + ".tickmode"] = "array";
      patch[name + ".tickvals"] = categories.slice();
      patch[name + ".ticktext"] = categories.map(function (c) {
        return wrapWords(c, Math.max(6, Math.floor(perCategory / charPx)));
      });
      patch[name + ".tickangle"] = 0;
      var record = gd.dataset.vcTicks ? JSON.parse(gd.dataset.vcTicks) : {};
      record[name] = categories.slice();
      gd.dataset.vcTicks = JSON.stringify(record);
    });
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
    wrapCategoryTicks(gd, patch);
    clearTitle(gd, patch, frame);
    // Stacking measures the drawn figure: after tick labels change, the next pass stacks.
    var stacked = Object.keys(patch).some(function (key) {
      return /^xaxis\d*\.tick/.test(key);
    })
      ? 0
      : stackBelowPlot(gd, patch);
    var below = Math.max(0, stacked - frame.bottom);
    gd.querySelectorAll(".annotation[data-index]").forEach(function (g) {
      var i = Number(g.getAttribute("data-index"));
      var note = (gd.layout.annotations || [])[i];
      if (note && note.text) {
        var key = "annotations[" + i + "].text";
        below = Math.max(below, fitText(gd, g, note.text, key, patch, frame));
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
      patch.height = (patch.height || Math.round(frame.height)) + extra;
      patch["margin.b"] = bottom + extra;
    }
    apply(gd, patch, restyle);
  }

  function apply(gd, patch, restyle) {
    var passes = Number(gd.dataset.vcFitPasses || 0);
    var changes = Object.keys(patch).length + restyle.traces.length + restyle.textTraces.length;
    if (!changes || passes >= 10) {
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
