"""Print expression trees back as text, with as few parentheses as parse needs."""

from fractions import Fraction

from gates.nodes import (
    BINARY_PRECEDENCE,
    RIGHT_ASSOCIATIVE,
    UNARY_PRECEDENCE,
    Binary,
    Node,
    Number,
    Unary,
    Variable,
    precedence,
)


_CHUNK_DIGITS = 1000
_CHUNK = 10**_CHUNK_DIGITS


def to_text(node: Node) -> str:
    """Text that parses back to node (numbers are written exactly)."""
    node = _spelled(node)
    if isinstance(node, Number):
        return format_number(node.value)
    if isinstance(node, Variable):
        return node.name
    if isinstance(node, Unary):
        return node.operator + _operand(node.operand, UNARY_PRECEDENCE, strict=False)
    if isinstance(node, Binary):
        return _binary(node)
    return f"{node.function}({', '.join(to_text(a) for a in node.arguments)})"


def format_number(value: Fraction) -> str:
    """A non-negative number with a finite decimal expansion, written exactly."""
    whole, remainder = divmod(value.numerator, value.denominator)
    digits = []
    while remainder:
        whole_digit, remainder = divmod(remainder * 10, value.denominator)
        digits.append(str(whole_digit))
    fraction = "".join(digits)
    return f"{digits_of(whole)}.{fraction}" if digits else digits_of(whole)


def digits_of(number: int) -> str:
    """Decimal digits of a non-negative int, however long.

    str() refuses ints of more than 4300 digits; converting in chunks of
    fewer digits avoids that limit.
    """
    chunks = []
    while number >= _CHUNK:
        number, low = divmod(number, _CHUNK)
        chunks.append(f"{low:0{_CHUNK_DIGITS}d}")
    chunks.append(str(number))
    return "".join(reversed(chunks))


def _binary(node: Binary) -> str:
    power = BINARY_PRECEDENCE[node.operator]
    right_associative = node.operator in RIGHT_ASSOCIATIVE
    left = _operand(node.left, power, strict=right_associative)
    if isinstance(_spelled(node.right), Unary):
        right = to_text(node.right)  # a prefix operator always starts an operand
    else:
        right = _operand(node.right, power, strict=not right_associative)
    return f"{left}{node.operator}{right}"


def _operand(node: Node, power: int, strict: bool) -> str:
    text = to_text(node)
    inner = precedence(_spelled(node))
    needs_parentheses = inner <= power if strict else inner < power
    return f"({text})" if needs_parentheses else text


def _spelled(node: Node) -> Node:
    """Numbers that no literal spells become the operators that do."""
    if not isinstance(node, Number):
        return node
    if node.value < 0:
        return Unary("-", Number(-node.value))
    if not is_decimal(node.value):
        numerator = Number(Fraction(node.value.numerator))
        return Binary("/", numerator, Number(Fraction(node.value.denominator)))
    return node


def is_decimal(value: Fraction) -> bool:
    """Whether value has a finite decimal expansion."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1
