"""Questions about an expression tree that need no evaluation."""

from gates.nodes import Binary, Call, Node, Unary, Variable


def children(node: Node) -> tuple[Node, ...]:
    """The direct subtrees of node, left to right."""
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.arguments
    return ()


def free_variables(node: Node) -> frozenset[str]:
    """Every variable name the expression needs."""
    if isinstance(node, Variable):
        return frozenset([node.name])
    return frozenset().union(*(free_variables(child) for child in children(node)))


def size(node: Node) -> int:
    """How many nodes the tree has."""
    return 1 + sum(size(child) for child in children(node))


def depth(node: Node) -> int:
    """The number of nodes on the longest path from the root to a leaf."""
    return 1 + max((depth(child) for child in children(node)), default=0)
