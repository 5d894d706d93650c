r"""A tiny reverse-mode automatic differentiation engine on scalars: :class:`Value`.

Each Value is a node of a computational graph: a number computed by an operation (``op``)
from its parents (``_children``). ``loss.backward()`` applies the chain rule from the loss
back to the leaves (inputs and weights), one local derivative at a time.
"""

import math
from numbers import Real

__all__ = ["Value"]


class Value:
    r"""A scalar :math:`v` in a computational graph; ``grad`` holds :math:`\partial \mathcal{L}/\partial v`.

    Parameters
    ----------
    data : real number
        The value :math:`v`, stored as a float.
    children : tuple of Value, default ()
        The Values it was computed from, its parents in the graph (none for a leaf: an input or a weight).
    op : str, default ""
        The operation that computed it: ``"+"``, ``"*"``, ``"tanh"``, ``"exp"``, ``"log"``.

    Shape
    -----
    Scalars: ``data`` and ``grad`` are floats (arrays are not accepted).

    Examples
    --------
    >>> from nnlib.autograd import Value
    >>> w, x, b = Value(0.5), Value(2.0), Value(-1.0)
    >>> y = (w * x + b).tanh()  # a neuron: y = tanh(wx + b) = tanh(0) = 0
    >>> y.backward()  # dy/dw = (1 - y^2) x, dy/dx = (1 - y^2) w, dy/db = 1 - y^2
    >>> y.data, w.grad, x.grad, b.grad
    (0.0, 2.0, 0.5, 1.0)
    """

    def __init__(self, data, children=(), op=""):
        if isinstance(data, bool) or not isinstance(data, Real):  # bool is an int to Python, not here
            raise TypeError(f"Value: data must be a real number, got {type(data).__name__} {data!r}")
        self.data = float(data)
        self.grad = 0.0
        self._children = tuple(children)
        self._backward = lambda: None  # a leaf passes nothing on
        self.op = op

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _lift(other, op):  # a real number becomes a leaf; anything else is a TypeError
        if isinstance(other, Value) or (isinstance(other, Real) and not isinstance(other, bool)):
            return other if isinstance(other, Value) else Value(other)
        raise TypeError(f"Value {op} {type(other).__name__}: operands must be Values or real numbers")

    def __add__(self, other):
        other = Value._lift(other, "+")
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():  # d(u1 + u2)/du1 = d(u1 + u2)/du2 = 1
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = Value._lift(other, "*")
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():  # d(u1 u2)/du1 = u2, d(u1 u2)/du2 = u1
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    __radd__ = __add__  # 2 + a = a + 2
    __rmul__ = __mul__  # 2 * a = a * 2

    def __neg__(self):  # -a = a * (-1)
        return self * -1.0

    def __sub__(self, other):  # a - b = a + (-b)
        return self + (-Value._lift(other, "-"))

    def __rsub__(self, other):  # 2 - a = 2 + (-a)
        return Value._lift(other, "-") + (-self)

    def tanh(self):
        r"""Return :math:`t = \tanh(v)`; local derivative :math:`1 - t^2`."""
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1.0 - out.data**2) * out.grad

        out._backward = _backward
        return out

    def exp(self):
        r"""Return :math:`e^{v}`; local derivative :math:`e^{v}`, the output itself."""
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self):
        r"""Return :math:`\ln v` for :math:`v > 0`; local derivative :math:`1/v`."""
        if not self.data > 0:
            raise ValueError(f"Value.log: the logarithm needs a positive number, got {self.data!r}")
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def backward(self):
        r"""Add the gradient of this Value to every node of its graph, in reverse topological order.

        First every interior node (a node with parents) of the graph is reset to 0.0;
        then this node receives :math:`\partial\mathcal{L}/\partial\mathcal{L} = 1` and every
        ``_backward`` runs, each node after all the nodes computed from it. A node
        :math:`q` used by :math:`v_1, \dots, v_k` then holds the sum over paths
        :math:`\sum_j \frac{\partial \mathcal{L}}{\partial v_j} \frac{\partial v_j}{\partial q}`.

        Afterwards an interior node holds this call's gradient only. A leaf (an input or a
        weight) is never reset: its ``grad`` accumulates over calls, as in PyTorch, and so
        does that of a leaf on which ``backward`` is called (it gains 1.0). Set
        ``.grad = 0.0`` to restart. Unlike PyTorch, the graph is kept: calling ``backward``
        twice on it is allowed (PyTorch needs ``retain_graph=True``).

        Examples
        --------
        >>> from nnlib.autograd import Value
        >>> a = Value(3.0)
        >>> square = a * a
        >>> square.backward()
        >>> square.backward()  # the leaf a accumulates: 6 + 6
        >>> a.grad, square.grad  # the interior node holds this call's gradient only
        (12.0, 1.0)
        >>> a.backward()  # on a leaf: adds 1, as PyTorch does
        >>> a.grad
        13.0
        """
        order, visited, stack = [], set(), [(self, False)]
        while stack:  # depth-first: a node is listed after all its parents (its _children)
            node, parents_listed = stack.pop()
            if parents_listed:
                order.append(node)
            elif node not in visited:
                visited.add(node)
                if node._children:  # an interior node holds this call's gradient only
                    node.grad = 0.0
                stack.append((node, True))
                stack.extend((parent, False) for parent in node._children)
        self.grad += 1.0  # an interior self was reset above; a leaf accumulates
        for node in reversed(order):  # a node runs only after every node computed from it
            node._backward()
