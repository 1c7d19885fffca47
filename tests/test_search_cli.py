"""``drillsim search`` on the command line: JSON contract, terminal output, usage errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from drillsim.cli import main

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--content", str(MINIMAL), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, "search", "液氯", "--json")
    assert code == 0
    hits = json.loads(out)
    assert hits and isinstance(hits, list)
    assert set(hits[0]) >= {"enterprise", "kind", "title", "path", "score", "snippet"}
    assert hits[0]["kind"] == "chemical" and hits[0]["path"] == "kb/chemicals/chlorine.yaml"
    assert hits[0]["enterprise"] == ""
    assert "**液氯**" in hits[0]["snippet"]
    assert all(isinstance(h["score"], float) for h in hits)


def test_global_options_after_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["search", "yl", "--json", "--limit", "1", "--content", str(MINIMAL)])
    hits = json.loads(capsys.readouterr().out)
    assert code == 0 and len(hits) == 1 and hits[0]["title"].startswith("氯")


def test_query_words_are_joined(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "search", "示例厂", "V-101", "--json")
    assert code == 0
    assert json.loads(out)[0]["anchor"] == "node-t_cl"


def test_kind_and_enterprise_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "search", "液氯", "--kind", "site_node", "--enterprise", "demo_plant", "--json"
    )
    hits = json.loads(out)
    assert code == 0 and hits
    assert all(h["kind"] == "site_node" and h["enterprise"] == "demo_plant" for h in hits)


def test_terminal_output_is_bilingual(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--lang", "zh", "search", "液氯")
    assert code == 0
    assert "[化学品]" in out and "氯 / Chlorine" in out
    code, out, _ = _run(capsys, "--lang", "en", "search", "液氯")
    assert "[chemical]" in out and "\x1b[" not in out  # no ANSI codes when not a terminal


def test_bold_matches_on_a_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Tty()
    monkeypatch.setattr("sys.stdout", out)
    assert main(["--content", str(MINIMAL), "--lang", "en", "search", "液氯"]) == 0
    assert "\x1b[1m液氯\x1b[0m" in out.getvalue()


def test_no_hits_is_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "search", "zzzzqqqq", "--json")
    assert code == 0 and json.loads(out) == []


@pytest.mark.parametrize("query", ["", '"', ":", "\x00", "液" * 10_000])
def test_odd_queries_exit_zero(capsys: pytest.CaptureFixture[str], query: str) -> None:
    code, out, _err = _run(capsys, "search", query, "--json")
    assert code == 0
    assert isinstance(json.loads(out), list)


def test_cas_typo_hint_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "search", "7782-50-4", "--json")
    assert code == 0
    assert "did you mean 7782-50-5?" in err
    assert json.loads(out)[0]["title"].startswith("氯")


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "液氯", "--limit", "0"],
        ["search", "液氯", "--kind", "tank"],
        ["search", "液氯", "--enterprise", "nobody"],
        ["search"],
    ],
)
def test_usage_errors_exit_two(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _out, err = _run(capsys, *argv)
    assert code == 2
    assert "Traceback" not in err


def test_unwritable_cache_warns_and_still_answers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("DRILLSIM_CACHE", str(blocker / "cache"))
    code, out, err = _run(capsys, "search", "液氯", "--json")
    assert code == 0 and json.loads(out)
    assert "not writable" in err


def test_search_module_keeps_help_fast() -> None:
    import subprocess
    import sys

    code = "import sys, drillsim.commands.search; print('whoosh' in sys.modules, 'pypinyin' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"


def test_kinds_agree_with_the_search_package() -> None:
    from drillsim.commands import search as cmd
    from drillsim.search import KINDS

    assert cmd.KINDS == KINDS
    assert set(cmd.KIND_LABELS) == set(KINDS)
