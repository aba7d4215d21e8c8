"""The evaluator agrees with Python's own Fraction arithmetic on random trees."""

import math
import random
from collections.abc import Callable, Mapping
from fractions import Fraction

import pytest

from gates import EvaluationError, calculate
from gates.nodes import Binary, Node, Number, Unary, Variable
from gates.printer import to_text
from tests.generate import bindings, computable

_PYTHON_OPERATORS = {"^": "**"}
_FUNCTIONS: dict[str, Callable[..., Fraction]] = {
    "min": lambda *values: min(values),
    "max": lambda *values: max(values),
    "mean": lambda *values: sum(values, Fraction(0)) / len(values),
    "abs": abs,
    "floor": lambda value: Fraction(math.floor(value)),
    "ceil": lambda value: Fraction(math.ceil(value)),
}


def python_source(node: Node) -> str:
    """Fully parenthesized Python for node: no precedence rules involved."""
    if isinstance(node, Number):
        return f"Fraction({node.value.numerator}, {node.value.denominator})"
    if isinstance(node, Variable):
        return node.name
    if isinstance(node, Unary):
        return f"({node.operator}{python_source(node.operand)})"
    if isinstance(node, Binary):
        operator = _PYTHON_OPERATORS.get(node.operator, node.operator)
        return f"({python_source(node.left)} {operator} {python_source(node.right)})"
    arguments = ", ".join(python_source(argument) for argument in node.arguments)
    return f"{node.function}({arguments})"


def oracle(node: Node, variables: Mapping[str, Fraction]) -> Fraction | None:
    """Python's value for node, or None where Python divides by zero."""
    namespace: dict[str, object] = {"Fraction": Fraction, **_FUNCTIONS, **variables}
    try:
        value = eval(python_source(node), namespace)
    except ZeroDivisionError:
        return None
    assert isinstance(value, Fraction)
    return value


@pytest.mark.parametrize("seed", range(4))
def test_values_match_python(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(1_000):
        node = computable(rng, depth=rng.randint(1, 6))
        variables = bindings(rng)
        expected = oracle(node, variables)
        text = to_text(node)
        if expected is None:
            with pytest.raises(EvaluationError, match="division by zero"):
                calculate(text, variables)
        else:
            assert calculate(text, variables) == expected
