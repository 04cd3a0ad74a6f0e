"""Every explorer control is readable in the students' lab at JupyterLab's default widths.

Each module with explorers is run (Run All) in a 1400x900 window with the file browser open,
as a student first sees it. Then every visible control of every explorer output is measured
against what its current value needs, in the font the page uses:

- a number or text box: the value's text plus the box's padding and borders (plus the spin
  buttons of a number box);
- a drop-down: its longest option's text plus padding (the arrow sits in the right padding);
- a slider: its read-out must show its value, its track must be at least 100 px to drag along;
- a description label or a button: its text must not be cut off.

The measurements go to test-artifacts/lab/explorer-widths-<module>.json, the failures into the
assertion message (control, value, width, needed).
"""

from __future__ import annotations

import json

import pytest

from .helpers import ARTIFACTS, error_outputs, run_all_cells, wait_for_kernel_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: The modules that between them show every explorer (paths relative to modules/).
EXPLORER_MODULES = [
    "01-what-is-venous-insufficiency",
    "02-why-it-matters",
    "03-indications",
    "04-contraindications",
    "05-how-treatment-works",
    "06-the-procedure",
    "07-types-of-treatment",
    "09-aftercare-and-longevity",
    "10-alternatives-and-comparisons",
]
MIN_TRACK_PX = 100
#: Chromium's spin buttons inside a number box take about this much of its width.
SPIN_BUTTONS_PX = 16

_MEASURE = """([minTrack, spin]) => {
  const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
      .find(p => p.offsetParent !== null);
  const ctx = document.createElement('canvas').getContext('2d');
  const px = v => parseFloat(v) || 0;
  const textWidth = (el, text) => {
    const s = getComputedStyle(el);
    ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    return ctx.measureText(text).width;
  };
  const chrome = el => {
    const s = getComputedStyle(el);
    return px(s.paddingLeft) + px(s.paddingRight) + px(s.borderLeftWidth)
        + px(s.borderRightWidth);
  };
  const nameOf = el => {
    const box = el.closest('.widget-inline-hbox');
    const label = box && box.querySelector(':scope > .widget-label');
    const text = (label && label.textContent.trim()) || el.getAttribute('aria-label')
        || el.textContent.trim() || el.className;
    return text.slice(0, 80);
  };
  const found = [];
  const outputs = [...panel.querySelectorAll('.jp-OutputArea-output')].filter(o =>
      o.querySelector('.jupyter-widgets') &&
      ![...o.querySelectorAll('button')].some(b => /^Check/.test(b.textContent.trim())));
  outputs.forEach((output, index) => {
    output.dataset.vcMeasured = String(index);  // for the screenshots
    const heading = (output.textContent || '').trim().slice(0, 60);
    const add = (el, kind, value, width, needed) => found.push({
      output: index, heading, kind, control: nameOf(el), value,
      width: Math.round(width * 10) / 10, needed: Math.round(needed * 10) / 10,
    });
    for (const el of output.querySelectorAll('input[type=number], input[type=text]')) {
      if (el.offsetParent === null) continue;
      const extra = el.type === 'number' ? spin : 0;
      add(el, 'box', el.value, el.getBoundingClientRect().width,
          textWidth(el, el.value) + chrome(el) + extra);
    }
    for (const el of output.querySelectorAll('select')) {
      if (el.offsetParent === null || el.multiple || el.size > 1) continue;
      // Every option must fit, not just the chosen one: the student may choose any.
      const longest = [...el.options].map(o => o.text)
          .reduce((a, b) => (textWidth(el, b) > textWidth(el, a) ? b : a), '');
      add(el, 'drop-down', longest, el.getBoundingClientRect().width,
          textWidth(el, longest) + chrome(el));
    }
    for (const el of output.querySelectorAll('.widget-readout')) {
      if (el.offsetParent === null) continue;
      const text = el.textContent.trim();
      add(el, 'read-out', text, el.clientWidth, Math.max(el.scrollWidth,
          textWidth(el, text) + px(getComputedStyle(el).paddingLeft)
          + px(getComputedStyle(el).paddingRight)));
    }
    for (const el of output.querySelectorAll('.widget-slider .slider-container')) {
      if (el.offsetParent === null) continue;
      add(el, 'slider track', '', el.getBoundingClientRect().width, minTrack);
    }
    for (const el of output.querySelectorAll('.widget-label, button, .widget-toggle-button')) {
      if (el.offsetParent === null || !el.textContent.trim()) continue;
      add(el, el.matches('button') ? 'button' : 'label', el.textContent.trim(), el.clientWidth,
          el.scrollWidth);
    }
  });
  return {explorers: outputs.length, controls: found};
}"""


@pytest.mark.parametrize("module", EXPLORER_MODULES)
def test_every_explorer_control_is_wide_enough_for_its_value(module, lab_page, lab_server, shots):
    page, errors = lab_page
    page.goto(lab_server.lab_url(f"{module}.ipynb", workspace=f"widths-{module}"))
    wait_for_kernel_idle(page)
    kernel = page.locator(".jp-NotebookPanel:visible .jp-Toolbar-kernelName").first.inner_text()
    assert kernel.strip() == "Python 3 (venous course)", f"The kernel shows as {kernel!r}."
    run_all_cells(page)
    page.locator(".jp-OutputArea-output .jupyter-widgets").first.wait_for()
    assert error_outputs(page) == [], f"{module}: running the cells showed errors."
    # The file browser is open, as in a student's first view, so the notebook has its default
    # width, not the whole window.
    assert page.locator("#filebrowser").is_visible()

    measured = page.evaluate(_MEASURE, [MIN_TRACK_PX, SPIN_BUTTONS_PX])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"explorer-widths-{module}.json").write_text(
        json.dumps(measured, indent=1), encoding="utf-8"
    )
    assert measured["explorers"] > 0, f"{module} showed no explorer to measure."
    assert measured["controls"], f"{module}: no explorer controls were found to measure."
    for index in sorted({c["output"] for c in measured["controls"]}):
        shot = page.locator(f'.jp-OutputArea-output[data-vc-measured="{index}"]').first
        shot.scroll_into_view_if_needed()
        shots(shot, f"explorer-{index}")

    too_narrow = [
        f"{c['kind']} '{c['control']}' showing {c['value']!r}: {c['width']} px, needs "
        f"{c['needed']} px"
        for c in measured["controls"]
        if c["width"] + 1 < c["needed"]
    ]
    assert too_narrow == [], f"{module}: controls too narrow to read:\n" + "\n".join(too_narrow)
    assert errors.unexpected == []
