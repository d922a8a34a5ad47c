"""A small interpreter loop: tokenise, parse and evaluate a toy language.

A stack machine runs programs compiled from an expression language with
variables, loops and function calls.  Tokens, AST nodes (tuples),
environments (dicts) and frames (lists) are allocated and freed at a
high rate: the shape of a template engine or a rule evaluator.
"""
import re
import sys

TOKEN = re.compile(r"\s*(?:(\d+)|(\w+)|(.))")

SOURCE = """
def fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2);
def sum(n) = if n < 1 then 0 else n + sum(n - 1);
def mix(a, b) = (a * 3 + b * 7) % 1009;
"""


def tokenize(text):
    out = []
    for num, name, op in TOKEN.findall(text):
        if num:
            out.append(("num", int(num)))
        elif name:
            out.append(("name", name))
        elif op.strip():
            out.append(("op", op))
    return out


class Parser:
    def __init__(self, tokens):
        self.toks = tokens
        self.pos = 0

    def peek(self):
        return self.toks[self.pos] if self.pos < len(self.toks) else ("eof",)

    def take(self):
        tok = self.peek()
        self.pos += 1
        return tok

    def expect(self, value):
        tok = self.take()
        if tok[-1] != value:
            raise SyntaxError(f"expected {value!r}, got {tok!r}")

    def definitions(self):
        defs = {}
        while self.peek()[0] != "eof":
            self.expect("def")
            name = self.take()[1]
            self.expect("(")
            params = []
            while self.peek()[-1] != ")":
                params.append(self.take()[1])
                if self.peek()[-1] == ",":
                    self.take()
            self.expect(")")
            self.expect("=")
            defs[name] = (tuple(params), self.expr())
            self.expect(";")
        return defs

    def expr(self):
        if self.peek()[-1] == "if":
            self.take()
            cond = self.expr()
            self.expect("then")
            a = self.expr()
            self.expect("else")
            return ("if", cond, a, self.expr())
        return self.binary(0)

    PREC = {"<": 1, "+": 2, "-": 2, "*": 3, "%": 3}

    def binary(self, level):
        left = self.atom()
        while True:
            op = self.peek()[-1]
            prec = self.PREC.get(op) if isinstance(op, str) else None
            if prec is None or prec <= level:
                return left
            self.take()
            left = ("bin", op, left, self.binary(prec))

    def atom(self):
        tok = self.take()
        if tok[0] == "num":
            return ("num", tok[1])
        if tok[-1] == "(":
            e = self.expr()
            self.expect(")")
            return e
        if self.peek()[-1] == "(":
            self.take()
            args = []
            while self.peek()[-1] != ")":
                args.append(self.expr())
                if self.peek()[-1] == ",":
                    self.take()
            self.take()
            return ("call", tok[1], tuple(args))
        return ("var", tok[1])


def compile_expr(node, code):
    """Flatten an AST into stack-machine instructions (a list of tuples)."""
    kind = node[0]
    if kind == "num":
        code.append(("push", node[1]))
    elif kind == "var":
        code.append(("load", node[1]))
    elif kind == "bin":
        compile_expr(node[2], code)
        compile_expr(node[3], code)
        code.append(("op", node[1]))
    elif kind == "call":
        for a in node[2]:
            compile_expr(a, code)
        code.append(("call", node[1], len(node[2])))
    elif kind == "if":
        compile_expr(node[1], code)
        jump_false = len(code)
        code.append(None)
        compile_expr(node[2], code)
        jump_end = len(code)
        code.append(None)
        code[jump_false] = ("jf", len(code))
        compile_expr(node[3], code)
        code[jump_end] = ("jmp", len(code))
    return code


OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b,
       "*": lambda a, b: a * b, "%": lambda a, b: a % b,
       "<": lambda a, b: a < b}


def run(funcs, name, args):
    params, code = funcs[name]
    env = dict(zip(params, args))
    stack = []
    pc = 0
    while pc < len(code):
        ins = code[pc]
        pc += 1
        op = ins[0]
        if op == "push":
            stack.append(ins[1])
        elif op == "load":
            stack.append(env[ins[1]])
        elif op == "op":
            b = stack.pop()
            a = stack.pop()
            stack.append(OPS[ins[1]](a, b))
        elif op == "call":
            n = ins[2]
            args = stack[-n:]
            del stack[-n:]
            stack.append(run(funcs, ins[1], args))
        elif op == "jf":
            if not stack.pop():
                pc = ins[1]
        elif op == "jmp":
            pc = ins[1]
    return stack.pop()


def main(rounds):
    checksum = 0
    for r in range(rounds):
        defs = Parser(tokenize(SOURCE)).definitions()
        funcs = {k: (p, compile_expr(body, [])) for k, (p, body) in
                 defs.items()}
        checksum += run(funcs, "fib", [20 + r % 2])
        checksum += run(funcs, "sum", [300])
        acc = r
        for i in range(20000):
            acc = run(funcs, "mix", [acc, i])
        checksum += acc
    print("interp", checksum)


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 12)
