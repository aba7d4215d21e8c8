"""gates: exact arithmetic expressions: tokenize, parse, print, simplify, evaluate."""

from collections.abc import Mapping
from fractions import Fraction

from gates.errors import EvaluationError, ExpressionError, ParseError
from gates.evaluator import evaluate
from gates.parser import parse
from gates.printer import to_text
from gates.simplify import simplify

__all__ = [
    "EvaluationError",
    "ExpressionError",
    "ParseError",
    "calculate",
    "evaluate",
    "parse",
    "simplify",
    "to_text",
]


def calculate(text: str, variables: Mapping[str, Fraction] | None = None) -> Fraction:
    """Parse and evaluate text in one step."""
    return evaluate(parse(text), variables)
