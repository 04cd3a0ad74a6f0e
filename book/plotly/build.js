// Builds dist/plotly-course.min.js from bundle.js with esbuild (run by `npm ci`, as the
// "prepare" script), with the settings of plotly.js's own esbuild-config.js.
const esbuild = require("esbuild");
const path = require("path");
const { version } = require("plotly.js/package.json");

esbuild.buildSync({
  entryPoints: [path.join(__dirname, "bundle.js")],
  outfile: path.join(__dirname, "dist", "plotly-course.min.js"),
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "Plotly",
  target: "es2016",
  define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
  // Map stylesheets belong to map traces the course never draws.
  loader: { ".css": "empty" },
  legalComments: "none",
  banner: {
    js: `/**\n* plotly.js (course: scatter, bar, heatmap - minified) v${version}\n` +
      "* Copyright 2012-2026, Plotly, Inc.\n* All rights reserved.\n* Licensed under the MIT license\n*/",
  },
  logLevel: "warning",
});
