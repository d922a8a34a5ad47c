"""An incremental dataflow constraint solver in the style of DeltaBlue
(Freeman-Benson, Maloney and Borning), written for objheap's suite.

Variables are tied by constraints of seven strengths (required down to
weakest).  Adding or removing a constraint re-plans incrementally: a
walkabout strength on each variable says how strongly it is held, each
satisfied constraint has one output, and a plan is the list of
constraints to run, in order, when an input changes.  Two tests: a chain
of equalities edited at one end and read at the other, and a projection
of N sources through a scale-and-offset constraint, edited from both
sides.  Measures polymorphic method calls, attribute access on instances
and lists used as stacks.

Usage: bm_deltablue.py [N]   N rounds of both tests on about 1000
variables (default 30).
Prints the number of checks made and a sum of the values read.
"""
import sys

REQUIRED, STRONG_PREFERRED, PREFERRED, STRONG_DEFAULT, NORMAL, \
    WEAK_DEFAULT, WEAKEST = range(7)

NONE, FORWARD, BACKWARD = 0, 1, 2


def stronger(a, b):
    return a < b


def weakest_of(a, b):
    return a if a > b else b


class SolverError(Exception):
    pass


class Variable:
    def __init__(self, name, value=0):
        self.name = name
        self.value = value
        self.constraints = []
        self.determined_by = None
        self.mark = 0
        self.walk_strength = WEAKEST
        self.stay = True

    def add_constraint(self, c):
        self.constraints.append(c)

    def remove_constraint(self, c):
        self.constraints.remove(c)
        if self.determined_by is c:
            self.determined_by = None


class Constraint:
    def __init__(self, planner, strength):
        self.planner = planner
        self.strength = strength

    def add(self):
        self.add_to_graph()
        self.planner.incremental_add(self)

    def destroy(self):
        if self.is_satisfied():
            self.planner.incremental_remove(self)
        else:
            self.remove_from_graph()

    def is_input(self):
        return False

    def satisfy(self, mark):
        """Try to satisfy this constraint on the pass marked mark; return
        the constraint it overrode, or None."""
        self.choose_method(mark)
        if not self.is_satisfied():
            if self.strength == REQUIRED:
                raise SolverError("could not satisfy a required constraint")
            return None
        self.mark_inputs(mark)
        out = self.output()
        overridden = out.determined_by
        if overridden is not None:
            overridden.mark_unsatisfied()
        out.determined_by = self
        if not self.planner.add_propagate(self, mark):
            raise SolverError("cycle encountered")
        out.mark = mark
        return overridden


class UnaryConstraint(Constraint):
    def __init__(self, planner, v, strength):
        Constraint.__init__(self, planner, strength)
        self.my_output = v
        self.satisfied = False
        self.add()

    def add_to_graph(self):
        self.my_output.add_constraint(self)
        self.satisfied = False

    def choose_method(self, mark):
        v = self.my_output
        self.satisfied = v.mark != mark and stronger(self.strength,
                                                     v.walk_strength)

    def is_satisfied(self):
        return self.satisfied

    def mark_inputs(self, mark):
        pass

    def output(self):
        return self.my_output

    def recalculate(self):
        v = self.my_output
        v.walk_strength = self.strength
        v.stay = not self.is_input()
        if v.stay:
            self.execute()

    def mark_unsatisfied(self):
        self.satisfied = False

    def inputs_known(self, mark):
        return True

    def remove_from_graph(self):
        if self.my_output is not None:
            self.my_output.remove_constraint(self)
        self.satisfied = False


class StayConstraint(UnaryConstraint):
    """Keep a variable at its value (its planner never changes it)."""

    def execute(self):
        pass


class EditConstraint(UnaryConstraint):
    """A variable the user changes: the input of a plan."""

    def is_input(self):
        return True

    def execute(self):
        pass


class BinaryConstraint(Constraint):
    def __init__(self, planner, v1, v2, strength, add=True):
        Constraint.__init__(self, planner, strength)
        self.v1 = v1
        self.v2 = v2
        self.direction = NONE
        if add:
            self.add()

    def choose_method(self, mark):
        v1, v2 = self.v1, self.v2
        if v1.mark == mark:
            ok = v2.mark != mark and stronger(self.strength, v2.walk_strength)
            self.direction = FORWARD if ok else NONE
        elif v2.mark == mark:
            ok = v1.mark != mark and stronger(self.strength, v1.walk_strength)
            self.direction = BACKWARD if ok else NONE
        elif v1.walk_strength > v2.walk_strength:
            ok = stronger(self.strength, v1.walk_strength)
            self.direction = BACKWARD if ok else NONE
        else:
            ok = stronger(self.strength, v2.walk_strength)
            self.direction = FORWARD if ok else NONE

    def add_to_graph(self):
        self.v1.add_constraint(self)
        self.v2.add_constraint(self)
        self.direction = NONE

    def is_satisfied(self):
        return self.direction != NONE

    def mark_inputs(self, mark):
        self.input().mark = mark

    def input(self):
        return self.v1 if self.direction == FORWARD else self.v2

    def output(self):
        return self.v2 if self.direction == FORWARD else self.v1

    def recalculate(self):
        src, out = self.input(), self.output()
        out.walk_strength = weakest_of(self.strength, src.walk_strength)
        out.stay = src.stay
        if out.stay:
            self.execute()

    def mark_unsatisfied(self):
        self.direction = NONE

    def inputs_known(self, mark):
        v = self.input()
        return v.mark == mark or v.stay or v.determined_by is None

    def remove_from_graph(self):
        self.v1.remove_constraint(self)
        self.v2.remove_constraint(self)
        self.direction = NONE


class EqualityConstraint(BinaryConstraint):
    def execute(self):
        self.output().value = self.input().value


class ScaleConstraint(BinaryConstraint):
    """dest = src * scale + offset, run in either direction."""

    def __init__(self, planner, src, scale, offset, dest, strength):
        BinaryConstraint.__init__(self, planner, src, dest, strength, False)
        self.scale = scale
        self.offset = offset
        self.add()

    def add_to_graph(self):
        BinaryConstraint.add_to_graph(self)
        self.scale.add_constraint(self)
        self.offset.add_constraint(self)

    def remove_from_graph(self):
        BinaryConstraint.remove_from_graph(self)
        self.scale.remove_constraint(self)
        self.offset.remove_constraint(self)

    def mark_inputs(self, mark):
        BinaryConstraint.mark_inputs(self, mark)
        self.scale.mark = self.offset.mark = mark

    def execute(self):
        if self.direction == FORWARD:
            self.v2.value = (self.v1.value * self.scale.value
                             + self.offset.value)
        else:
            self.v1.value = ((self.v2.value - self.offset.value)
                             // self.scale.value)

    def recalculate(self):
        src, out = self.input(), self.output()
        out.walk_strength = weakest_of(self.strength, src.walk_strength)
        out.stay = src.stay and self.scale.stay and self.offset.stay
        if out.stay:
            self.execute()


class Planner:
    def __init__(self):
        self.current_mark = 0
        self.plans = 0

    def new_mark(self):
        self.current_mark += 1
        return self.current_mark

    def incremental_add(self, c):
        mark = self.new_mark()
        overridden = c.satisfy(mark)
        while overridden is not None:
            overridden = overridden.satisfy(mark)

    def incremental_remove(self, c):
        out = c.output()
        c.mark_unsatisfied()
        c.remove_from_graph()
        unsatisfied = self.remove_propagate_from(out)
        for strength in range(REQUIRED, WEAKEST + 1):
            for u in unsatisfied:
                if u.strength == strength:
                    self.incremental_add(u)

    def add_propagate(self, c, mark):
        """Recompute the walkabout strengths downstream of c; False if
        the propagation comes back to c's output (a cycle)."""
        todo = [c]
        while todo:
            d = todo.pop()
            if d.output().mark == mark:
                self.incremental_remove(c)
                return False
            d.recalculate()
            self.add_consumers(d.output(), todo)
        return True

    def remove_propagate_from(self, out):
        out.determined_by = None
        out.walk_strength = WEAKEST
        out.stay = True
        unsatisfied = []
        todo = [out]
        while todo:
            v = todo.pop()
            for c in v.constraints:
                if not c.is_satisfied():
                    unsatisfied.append(c)
            determining = v.determined_by
            for c in v.constraints:
                if c is not determining and c.is_satisfied():
                    c.recalculate()
                    todo.append(c.output())
        return unsatisfied

    def add_consumers(self, v, into):
        determining = v.determined_by
        for c in v.constraints:
            if c is not determining and c.is_satisfied():
                into.append(c)

    def make_plan(self, sources):
        self.plans += 1
        mark = self.new_mark()
        plan = []
        todo = list(sources)
        i = 0
        while i < len(todo):
            c = todo[i]
            i += 1
            out = c.output()
            if out.mark != mark and c.inputs_known(mark):
                plan.append(c)
                out.mark = mark
                self.add_consumers(out, todo)
        return plan

    def plan_for_edits(self, edits):
        return self.make_plan([c for c in edits
                               if c.is_input() and c.is_satisfied()])


def run_plan(plan):
    for c in plan:
        c.execute()


def chain_test(n):
    """v0 = v1 = ... = vn; edit v0, read vn."""
    planner = Planner()
    vs = [Variable("v%d" % i) for i in range(n + 1)]
    for a, b in zip(vs, vs[1:]):
        EqualityConstraint(planner, a, b, REQUIRED)
    StayConstraint(planner, vs[-1], STRONG_DEFAULT)
    edit = EditConstraint(planner, vs[0], PREFERRED)
    plan = planner.plan_for_edits([edit])
    checks = total = 0
    for i in range(100):
        vs[0].value = i
        run_plan(plan)
        if vs[-1].value != i:
            raise SolverError("chain test failed")
        checks += 1
        total += vs[-1].value
    edit.destroy()
    return checks, total


def change(planner, v, value):
    edit = EditConstraint(planner, v, PREFERRED)
    plan = planner.plan_for_edits([edit])
    for _ in range(10):
        v.value = value
        run_plan(plan)
    edit.destroy()


def projection_test(n):
    """dst[i] = src[i] * scale + offset, edited from either end."""
    planner = Planner()
    scale = Variable("scale", 10)
    offset = Variable("offset", 1000)
    srcs, dsts = [], []
    for i in range(n):
        src = Variable("src%d" % i, i)
        dst = Variable("dst%d" % i, i)
        srcs.append(src)
        dsts.append(dst)
        StayConstraint(planner, src, NORMAL)
        ScaleConstraint(planner, src, scale, offset, dst, REQUIRED)
    checks = total = 0
    change(planner, srcs[-1], 17)
    checks += 1
    if dsts[-1].value != 1170:
        raise SolverError("projection test 1 failed")
    change(planner, dsts[-1], 1050)
    checks += 1
    if srcs[-1].value != 5:
        raise SolverError("projection test 2 failed")
    change(planner, scale, 5)
    for i in range(n - 1):
        checks += 1
        if dsts[i].value != i * 5 + 1000:
            raise SolverError("projection test 3 failed")
    change(planner, offset, 2000)
    for i in range(n - 1):
        checks += 1
        if dsts[i].value != i * 5 + 2000:
            raise SolverError("projection test 4 failed")
    for d in dsts:
        total += d.value
    return checks, total + planner.plans


def main(n):
    checks = total = 0
    for r in range(n):
        length = 1000 + r % 5
        for c, t in (chain_test(length), projection_test(length)):
            checks += c
            total += t
    print("deltablue", n, checks, total)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
