"""Parse tokens into an expression tree by precedence climbing."""

from fractions import Fraction

from gates.errors import ParseError
from gates.nodes import (
    BINARY_PRECEDENCE,
    RIGHT_ASSOCIATIVE,
    UNARY_PRECEDENCE,
    Binary,
    Call,
    Node,
    Number,
    Unary,
    Variable,
)
from gates.tokens import Kind, Token, tokenize


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self._tokens = tokens
        self._index = 0

    @property
    def _current(self) -> Token:
        return self._tokens[self._index]

    def _advance(self) -> Token:
        token = self._current
        if token.kind is not Kind.END:
            self._index += 1
        return token

    def _expect(self, kind: Kind) -> Token:
        token = self._current
        if token.kind is not kind:
            raise ParseError(
                f"expected {kind.value}, found {_show(token)}", token.position
            )
        return self._advance()

    def parse(self) -> Node:
        node = self.expression(0)
        self._expect(Kind.END)
        return node

    def expression(self, minimum: int) -> Node:
        left = self._prefix()
        while True:
            token = self._current
            if token.kind is not Kind.OPERATOR:
                return left
            power = BINARY_PRECEDENCE[token.text]
            if power < minimum:
                return left
            self._advance()
            right_minimum = power if token.text in RIGHT_ASSOCIATIVE else power + 1
            right = self.expression(right_minimum)
            left = Binary(token.text, left, right, token.position)

    def _prefix(self) -> Node:
        token = self._advance()
        if token.kind is Kind.OPERATOR and token.text in "+-":
            return Unary(token.text, self.expression(UNARY_PRECEDENCE), token.position)
        if token.kind is Kind.NUMBER:
            return self._number(token)
        if token.kind is Kind.NAME:
            if self._current.kind is Kind.LPAREN:
                return self._call(token)
            return Variable(token.text, token.position)
        if token.kind is Kind.LPAREN:
            node = self.expression(0)
            self._expect(Kind.RPAREN)
            return node
        raise ParseError(f"expected a value, found {_show(token)}", token.position)

    def _number(self, token: Token) -> Number:
        try:
            return Number(Fraction(token.text), token.position)
        except ValueError:  # Python refuses to convert thousands of digits
            raise ParseError("number has too many digits", token.position)

    def _call(self, name: Token) -> Call:
        self._expect(Kind.LPAREN)
        arguments = [self.expression(0)]
        while self._current.kind is Kind.COMMA:
            self._advance()
            arguments.append(self.expression(0))
        self._expect(Kind.RPAREN)
        return Call(name.text, tuple(arguments), name.position)


def _show(token: Token) -> str:
    if token.kind is Kind.END:
        return "end of input"
    return repr(token.text)


def parse(text: str) -> Node:
    """Parse a whole expression; raise ParseError if text is not one."""
    return _Parser(tokenize(text)).parse()
