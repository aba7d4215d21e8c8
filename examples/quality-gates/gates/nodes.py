"""The expression tree.

Positions are kept for error messages but take no part in equality, so a tree
parsed from differently spaced text compares equal.
"""

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Union


@dataclass(frozen=True)
class Number:
    """A literal number, kept exact."""

    value: Fraction
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Variable:
    """A name looked up at evaluation time."""

    name: str
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Unary:
    """A prefix operator: ``+`` or ``-``."""

    operator: str
    operand: "Node"
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Binary:
    """An infix operator: one of ``+ - * / % ^``."""

    operator: str
    left: "Node"
    right: "Node"
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Call:
    """A call of a built-in function."""

    function: str
    arguments: tuple["Node", ...]
    position: int = field(default=0, compare=False)


Node = Union[Number, Variable, Unary, Binary, Call]

#: Binding power of each infix operator; ``^`` binds tighter than prefix minus.
BINARY_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "%": 2, "^": 4}
UNARY_PRECEDENCE = 3
ATOM_PRECEDENCE = 5
RIGHT_ASSOCIATIVE = frozenset("^")


def precedence(node: Node) -> int:
    """How tightly the node's outermost operator binds."""
    if isinstance(node, Binary):
        return BINARY_PRECEDENCE[node.operator]
    if isinstance(node, Unary):
        return UNARY_PRECEDENCE
    return ATOM_PRECEDENCE
