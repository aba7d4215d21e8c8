"""Simplify expression trees without changing their value or their errors."""

from fractions import Fraction

from gates.analysis import children
from gates.errors import EvaluationError
from gates.evaluator import evaluate
from gates.nodes import Binary, Call, Node, Number, Unary

#: Constants are folded only while the result stays a short literal.
MAX_FOLDED_BITS = 256


def simplify(node: Node) -> Node:
    """An equivalent tree: constants folded, identities removed.

    Only rewrites that keep every error are made: ``x*0`` stays, because ``x``
    may be undefined, and ``1/0`` stays, so evaluating it still fails.
    """
    if isinstance(node, Unary):
        return _unary(Unary(node.operator, simplify(node.operand), node.position))
    if isinstance(node, Binary):
        left, right = simplify(node.left), simplify(node.right)
        return _binary(Binary(node.operator, left, right, node.position))
    if isinstance(node, Call):
        arguments = tuple(simplify(argument) for argument in node.arguments)
        return _fold(Call(node.function, arguments, node.position))
    return node


def _unary(node: Unary) -> Node:
    if node.operator == "+":
        return node.operand
    if isinstance(node.operand, Unary) and node.operand.operator == "-":
        return node.operand.operand
    return _fold(node)


def _binary(node: Binary) -> Node:
    folded = _fold(node)
    if folded is not node:
        return folded
    left, right = _constant(node.left), _constant(node.right)
    if node.operator in "+-" and right == 0:
        return node.left
    if node.operator == "+" and left == 0:
        return node.right
    if node.operator in "*/^" and right == 1:
        return node.left
    if node.operator == "*" and left == 1:
        return node.right
    return node


def _fold(node: Node) -> Node:
    if not all(isinstance(child, Number) for child in children(node)):
        return node
    try:
        value = evaluate(node)
    except EvaluationError:
        return node
    if (
        max(value.numerator.bit_length(), value.denominator.bit_length())
        > MAX_FOLDED_BITS
    ):
        return node
    return Number(value, node.position)


def _constant(node: Node) -> Fraction | None:
    return node.value if isinstance(node, Number) else None
