// The plotly.js the book loads: the core (scatter and the layout components) plus the trace
// types the course draws: bar and heatmap. Built by build.js; the page tests fail when a
// figure uses a trace type this bundle lacks (plotly.js would silently draw nothing).
var Plotly = require("plotly.js/lib/core");

Plotly.register([require("plotly.js/lib/bar"), require("plotly.js/lib/heatmap")]);

module.exports = Plotly;
