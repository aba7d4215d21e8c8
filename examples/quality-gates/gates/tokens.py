"""Turn expression text into a list of tokens."""

import enum
import re
from dataclasses import dataclass

from gates.errors import ParseError


class Kind(enum.Enum):
    """What a token is."""

    NUMBER = "number"
    NAME = "name"
    OPERATOR = "operator"
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    END = "end of input"


@dataclass(frozen=True)
class Token:
    """One token and where it starts in the text."""

    kind: Kind
    text: str
    position: int


_PATTERN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<number>\d+(?:\.\d+)?)
    | (?P<name>[A-Za-z_]\w*)
    | (?P<operator>[-+*/%^])
    | (?P<lparen>\()
    | (?P<rparen>\))
    | (?P<comma>,)
    """,
    re.VERBOSE | re.ASCII,
)

_KINDS = {
    "number": Kind.NUMBER,
    "name": Kind.NAME,
    "operator": Kind.OPERATOR,
    "lparen": Kind.LPAREN,
    "rparen": Kind.RPAREN,
    "comma": Kind.COMMA,
}


def tokenize(text: str) -> list[Token]:
    """Split text into tokens, ending with an END token.

    Raises ParseError at the first character that starts no token.
    """
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _PATTERN.match(text, position)
        if match is None:
            raise ParseError(f"unexpected character {text[position]!r}", position)
        group = match.lastgroup
        assert group is not None
        if group != "space":
            tokens.append(Token(_KINDS[group], match.group(), position))
        position = match.end()
    tokens.append(Token(Kind.END, "", len(text)))
    return tokens
