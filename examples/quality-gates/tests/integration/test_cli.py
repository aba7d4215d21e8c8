"""The command line, run in process and as ``python -m gates``."""

import io
import subprocess
import sys

import pytest

from gates.__main__ import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("argv", "printed"),
    [
        (["1 + 2"], "3\n"),
        (["1 / 4"], "0.25\n"),
        (["-1 / 3"], "-1/3\n"),
        (["x * y", "x=1/2", "y=-3"], "-1.5\n"),
        (["--simplify", "x * 1 + 2 * 3"], "x+6\n"),
    ],
)
def test_prints_the_result(argv: list[str], printed: str) -> None:
    assert run(*argv) == (0, printed, "")


def test_errors_are_shown_under_the_text() -> None:
    assert run("1 + ") == (1, "", "1 + \n    ^ expected a value, found end of input\n")


@pytest.mark.parametrize("assignment", ["x", "1x=2", "x=two"])
def test_bad_assignments_are_usage_errors(
    assignment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["x", assignment])
    assert caught.value.code == 2
    assert "NAME=VALUE" in capsys.readouterr().err


def test_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gates", "2 ^ 10"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == "1024\n"
