"""Evaluate expression trees exactly, with rational arithmetic."""

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from gates.errors import EvaluationError
from gates.nodes import Binary, Call, Node, Number, Unary, Variable

#: Larger exponents and results are refused: they would not fit in memory.
MAX_EXPONENT = 1000
MAX_POWER_BITS = 1 << 20

Function = Callable[[Sequence[Fraction]], Fraction]


def _mean(values: Sequence[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


#: name -> (smallest argument count, largest or None, implementation)
FUNCTIONS: dict[str, tuple[int, int | None, Function]] = {
    "abs": (1, 1, lambda args: abs(args[0])),
    "floor": (1, 1, lambda args: Fraction(math.floor(args[0]))),
    "ceil": (1, 1, lambda args: Fraction(math.ceil(args[0]))),
    "min": (1, None, min),
    "max": (1, None, max),
    "mean": (1, None, _mean),
}


def evaluate(node: Node, variables: Mapping[str, Fraction] | None = None) -> Fraction:
    """The exact value of node; raise EvaluationError where it has none."""
    return _Evaluator(variables or {}).value(node)


class _Evaluator:
    def __init__(self, variables: Mapping[str, Fraction]) -> None:
        self._variables = variables

    def value(self, node: Node) -> Fraction:
        if isinstance(node, Number):
            return node.value
        if isinstance(node, Variable):
            return self._lookup(node)
        if isinstance(node, Unary):
            operand = self.value(node.operand)
            return -operand if node.operator == "-" else operand
        if isinstance(node, Binary):
            return self._binary(node)
        return self._call(node)

    def _lookup(self, node: Variable) -> Fraction:
        try:
            return self._variables[node.name]
        except KeyError:
            raise EvaluationError(f"unknown variable {node.name!r}", node.position)

    def _binary(self, node: Binary) -> Fraction:
        left = self.value(node.left)
        right = self.value(node.right)
        if node.operator == "+":
            return left + right
        if node.operator == "-":
            return left - right
        if node.operator == "*":
            return left * right
        if node.operator == "^":
            return _power(left, right, node.position)
        if right == 0:
            raise EvaluationError("division by zero", node.position)
        return left / right if node.operator == "/" else left % right

    def _call(self, node: Call) -> Fraction:
        if node.function not in FUNCTIONS:
            raise EvaluationError(f"unknown function {node.function!r}", node.position)
        low, high, function = FUNCTIONS[node.function]
        count = len(node.arguments)
        if count < low or (high is not None and count > high):
            wanted = f"{low}" if low == high else f"at least {low}"
            message = f"{node.function}() takes {wanted} argument(s), got {count}"
            raise EvaluationError(message, node.position)
        return function([self.value(argument) for argument in node.arguments])


def _power(base: Fraction, exponent: Fraction, position: int) -> Fraction:
    if exponent.denominator != 1:
        raise EvaluationError("exponent must be a whole number", position)
    if abs(exponent) > MAX_EXPONENT:
        raise EvaluationError(f"exponent larger than {MAX_EXPONENT}", position)
    bits = max(base.numerator.bit_length(), base.denominator.bit_length())
    if bits * abs(exponent) > MAX_POWER_BITS:
        raise EvaluationError("result of ^ too large", position)
    if base == 0 and exponent < 0:
        raise EvaluationError("division by zero", position)
    return base**exponent.numerator
