"""Seeded random expression trees for property-style tests."""

import random
from fractions import Fraction

from gates.evaluator import FUNCTIONS
from gates.nodes import Binary, Call, Node, Number, Unary, Variable

VARIABLES = ("a", "b", "c", "x", "y")
OPERATORS = ("+", "-", "*", "/", "%", "^")


def number(rng: random.Random) -> Number:
    """A literal the tokenizer can read: a whole number or a short decimal."""
    if rng.random() < 0.7:
        return Number(Fraction(rng.randint(0, 20)))
    return Number(Fraction(rng.randint(0, 999), 10 ** rng.randint(1, 3)))


def leaf(rng: random.Random, names: tuple[str, ...]) -> Node:
    if names and rng.random() < 0.4:
        return Variable(rng.choice(names))
    return number(rng)


def tree(rng: random.Random, depth: int, names: tuple[str, ...] = VARIABLES) -> Node:
    """Any tree at most depth deep: every operator, function and shape."""
    if depth <= 1 or rng.random() < 0.2:
        return leaf(rng, names)
    roll = rng.random()
    if roll < 0.15:
        return Unary(rng.choice("+-"), tree(rng, depth - 1, names))
    if roll < 0.3:
        return call(rng, depth, names)
    left = tree(rng, depth - 1, names)
    return Binary(rng.choice(OPERATORS), left, tree(rng, depth - 1, names))


def call(rng: random.Random, depth: int, names: tuple[str, ...]) -> Call:
    function = rng.choice(sorted(FUNCTIONS))
    low, high, _ = FUNCTIONS[function]
    count = rng.randint(low, high if high is not None else low + 3)
    arguments = tuple(tree(rng, depth - 1, names) for _ in range(count))
    return Call(function, arguments)


def computable(rng: random.Random, depth: int) -> Node:
    """A tree whose exponents are small whole literals, so values stay small."""
    if depth <= 1 or rng.random() < 0.2:
        return leaf(rng, VARIABLES)
    roll = rng.random()
    if roll < 0.15:
        return Unary(rng.choice("+-"), computable(rng, depth - 1))
    if roll < 0.25:
        arguments = tuple(computable(rng, depth - 1) for _ in range(rng.randint(1, 3)))
        return Call(rng.choice(["min", "max", "mean"]), arguments)
    operator = rng.choice(OPERATORS)
    left = computable(rng, depth - 1)
    if operator == "^":
        exponent: Node = Number(Fraction(rng.randint(0, 3)))
        if rng.random() < 0.3:
            exponent = Unary("-", Number(Fraction(rng.randint(1, 2))))
        return Binary("^", left, exponent)
    return Binary(operator, left, computable(rng, depth - 1))


def bindings(rng: random.Random) -> dict[str, Fraction]:
    """Values for every name in VARIABLES, some negative, some fractional."""
    return {
        name: Fraction(rng.randint(-30, 30), rng.choice([1, 1, 2, 3, 4, 7]))
        for name in VARIABLES
    }
