"""Errors raised for bad expressions, each located at a character offset."""


class ExpressionError(Exception):
    """An error in an expression, located at a character offset."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def describe(self, text: str) -> str:
        """Show the expression with a caret under the offending character."""
        return f"{text}\n{' ' * self.position}^ {self.message}"


class ParseError(ExpressionError):
    """The text is not a well-formed expression."""


class EvaluationError(ExpressionError):
    """The expression is well formed but has no value."""
