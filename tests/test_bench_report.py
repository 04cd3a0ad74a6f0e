"""bench/RESULTS.md is generated from bench/results.json (the benchmarks themselves are slow
and run only with ``make bench``)."""

from __future__ import annotations

import json

from bench import report
from bench.__main__ import main as bench_main


def test_results_page_is_rendered_from_the_results_file(tmp_path):
    results = {
        "run": {"date": "2026-12-02", "cores": 2},
        "benchmarks": {
            "bench_b": report.as_section("bench_b", None),
            "bench_a": {
                "title": "Page weight",
                "intro": "Measured.",
                "tables": [{"columns": ["", "course"], "rows": [["first page", 471_000]]}],
                "notes": ["first page: PASS"],
            },
            "bench_c": report.as_section("bench_c", [{"explorer": "calf_pump", "p95_ms": 6.5}]),
        },
    }
    json_path, md_path = tmp_path / "results.json", tmp_path / "RESULTS.md"
    report.save(results, json_path, md_path)
    assert json.loads(json_path.read_text()) == results
    page = md_path.read_text()
    assert page.index("## 1. Page weight (`bench_a.py`)") < page.index("## 2. bench_b")
    assert "| first page | 471,000 |" in page
    assert "| calf_pump | 6.50 |" in page
    assert "- first page: PASS" in page
    assert "`bench_b` prints its results but does not return them" in page


def test_an_unknown_benchmark_name_is_one_sentence(capsys):
    assert bench_main(["bench_nothing"]) == 1
    assert "No benchmark named bench_nothing" in capsys.readouterr().out


def test_the_committed_results_page_is_the_rendering_of_the_committed_results():
    if report.RESULTS_JSON.is_file():
        assert report.RESULTS_MD.read_text(encoding="utf-8") == report.render(report.load())
