"""Quality gates for the gates package.

Every session runs the tools of the interpreter that runs nox (sys.executable),
with venv_backend="none": nothing is installed and no interpreter is looked up,
so the gates run the same on a laptop and in CI. The two test sessions each
write their own coverage data file (parallel mode) and coverage_report combines
them, so coverage_report must run after both: pyproject.toml tells parnox so.
"""

import sys

import nox

SOURCES = ["gates", "tests", "noxfile.py"]


def run_module(session: nox.Session, module: str, *args: str) -> None:
    session.run(sys.executable, "-m", module, *args)


@nox.session(venv_backend="none")
def lint(session: nox.Session) -> None:
    """Check style and common mistakes with flake8."""
    run_module(session, "flake8", *SOURCES)


@nox.session(venv_backend="none")
def format(session: nox.Session) -> None:
    """Check that black would change nothing."""
    run_module(session, "black", "--check", "--diff", *SOURCES)


@nox.session(venv_backend="none")
def typecheck(session: nox.Session) -> None:
    """Check types with mypy --strict."""
    run_module(session, "mypy", "--strict", *SOURCES)


@nox.session(venv_backend="none")
@nox.parametrize("kind", ["unit", "integration"])
def tests(session: nox.Session, kind: str) -> None:
    """Run one test suite under coverage, into its own data file."""
    pytest = ["-m", "pytest", "-q", f"tests/{kind}", *session.posargs]
    run_module(session, "coverage", "run", "--parallel-mode", *pytest)


@nox.session(venv_backend="none")
def coverage_report(session: nox.Session) -> None:
    """Combine the test sessions' coverage data and enforce the floor."""
    run_module(session, "coverage", "combine")
    run_module(session, "coverage", "report", "--fail-under=97")
