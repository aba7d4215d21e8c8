"""Command line: ``python -m gates EXPRESSION [NAME=VALUE ...]``."""

import argparse
import sys
from collections.abc import Sequence
from fractions import Fraction
from typing import TextIO

from gates import ExpressionError, evaluate, parse, simplify, to_text
from gates.printer import digits_of, format_number, is_decimal


def _assignment(text: str) -> tuple[str, Fraction]:
    name, equals, value = text.partition("=")
    if not equals or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    try:
        return name, Fraction(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number")


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gates", description=__doc__)
    parser.add_argument("expression")
    parser.add_argument("variables", nargs="*", type=_assignment, metavar="NAME=VALUE")
    parser.add_argument(
        "--simplify", action="store_true", help="print the simplified expression"
    )
    return parser


def _show(value: Fraction) -> str:
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if is_decimal(magnitude):
        return sign + format_number(magnitude)
    return f"{sign}{digits_of(magnitude.numerator)}/{digits_of(magnitude.denominator)}"


def main(
    argv: Sequence[str] | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Run the command line; return the exit status."""
    options = _arguments().parse_args(argv)
    try:
        tree = parse(options.expression)
        if options.simplify:
            print(to_text(simplify(tree)), file=out)
        else:
            print(_show(evaluate(tree, dict(options.variables))), file=out)
    except ExpressionError as error:
        print(error.describe(options.expression), file=err)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
