"""A Go player by Monte Carlo tree search, written for objheap's suite.

A 9x9 board stored as one list with a border of EDGE points (so every
point has four neighbours), groups and their liberties found by flood
fill, captures, suicide forbidden, simple ko.  Random playouts fill the
board, never filling a player's own single-point eye, and are scored by
area; a UCT tree above them picks the moves of a short game.  Measures
list indexing, small-int arithmetic, method calls and the allocation
and release of tree nodes.

Usage: bm_go.py [N]   N playouts for each of five moves (default 50).
Prints the moves chosen and the playouts' total result.
"""
import math
import random
import sys

SIZE = 9
W = SIZE + 2
EMPTY, BLACK, WHITE, EDGE = 0, 1, 2, 3
PASS = -1
DIRS = (1, -1, W, -W)
DIAGS = (W + 1, W - 1, -W + 1, -W - 1)


def other(color):
    return 3 - color


class Board:
    def __init__(self):
        self.points = [EDGE] * (W * W)
        for r in range(1, SIZE + 1):
            for c in range(1, SIZE + 1):
                self.points[r * W + c] = EMPTY
        self.empties = [r * W + c for r in range(1, SIZE + 1)
                        for c in range(1, SIZE + 1)]
        self.ko = None
        self.to_move = BLACK
        self.passes = 0
        self.captured = 0

    def copy(self):
        b = Board.__new__(Board)
        b.points = self.points[:]
        b.empties = self.empties[:]
        b.ko = self.ko
        b.to_move = self.to_move
        b.passes = self.passes
        b.captured = self.captured
        return b

    def group(self, p):
        """The points of p's group and whether it has a liberty."""
        pts = self.points
        color = pts[p]
        seen = {p}
        stack = [p]
        free = False
        while stack:
            q = stack.pop()
            for d in DIRS:
                n = q + d
                c = pts[n]
                if c == color:
                    if n not in seen:
                        seen.add(n)
                        stack.append(n)
                elif c == EMPTY:
                    free = True
        return seen, free

    def remove(self, stones):
        pts = self.points
        for s in stones:
            pts[s] = EMPTY
            self.empties.append(s)
        self.captured += len(stones)

    def is_eye(self, p, color):
        pts = self.points
        for d in DIRS:
            c = pts[p + d]
            if c != color and c != EDGE:
                return False
        bad = 0
        edge = False
        for d in DIAGS:
            c = pts[p + d]
            if c == EDGE:
                edge = True
            elif c != color:
                bad += 1
        return bad == 0 if edge else bad < 2

    def play(self, p):
        """Play p (or PASS) for the side to move; False, with the board
        unchanged, if the move is illegal."""
        color = self.to_move
        if p == PASS:
            self.passes += 1
            self.ko = None
            self.to_move = other(color)
            return True
        pts = self.points
        if pts[p] != EMPTY or p == self.ko:
            return False
        pts[p] = color
        taken = []
        for d in DIRS:
            n = pts[p + d]
            if n == other(color):
                stones, free = self.group(p + d)
                if not free:
                    taken.extend(stones)
        if not taken:
            _, free = self.group(p)
            if not free:
                pts[p] = EMPTY
                return False
        self.empties.remove(p)
        taken = list(dict.fromkeys(taken))
        self.remove(taken)
        self.ko = None
        if len(taken) == 1:
            stones, _ = self.group(p)
            if len(stones) == 1:
                self.ko = taken[0]
        self.passes = 0
        self.to_move = other(color)
        return True

    def score(self):
        """Area score, Black minus White (no komi)."""
        pts = self.points
        total = 0
        for r in range(1, SIZE + 1):
            for c in range(1, SIZE + 1):
                p = r * W + c
                v = pts[p]
                if v == BLACK:
                    total += 1
                elif v == WHITE:
                    total -= 1
                else:
                    near = {pts[p + d] for d in DIRS}
                    near.discard(EDGE)
                    if near == {BLACK}:
                        total += 1
                    elif near == {WHITE}:
                        total -= 1
        return total

    def playout(self, rng, limit):
        while self.passes < 2 and limit > 0:
            limit -= 1
            empties = self.empties
            n = len(empties)
            start = rng.randrange(n) if n else 0
            color = self.to_move
            for i in range(n):
                p = empties[(start + i) % n]
                if not self.is_eye(p, color) and self.play(p):
                    break
            else:
                self.play(PASS)
        return self.score()


class Node:
    __slots__ = ("move", "parent", "children", "untried", "wins", "visits",
                 "color")

    def __init__(self, move, parent, board, rng):
        self.move = move
        self.parent = parent
        self.children = []
        self.untried = [p for p in board.empties
                        if not board.is_eye(p, board.to_move)]
        rng.shuffle(self.untried)
        self.wins = 0.0
        self.visits = 0
        self.color = other(board.to_move)

    def select(self):
        log_n = math.log(self.visits)
        best = None
        best_value = -1.0
        for c in self.children:
            v = c.wins / c.visits + (2.0 * log_n / c.visits) ** 0.5
            if v > best_value:
                best, best_value = c, v
        return best


def search(board, playouts, rng):
    root = Node(PASS, None, board, rng)
    total = 0
    for _ in range(playouts):
        node, b = root, board.copy()
        while not node.untried and node.children:
            node = node.select()
            b.play(node.move)
        while node.untried:
            move = node.untried.pop()
            if b.play(move):
                child = Node(move, node, b, rng)
                node.children.append(child)
                node = child
                break
        result = b.playout(rng, 200)
        total += result
        while node is not None:
            node.visits += 1
            if (result > 0) == (node.color == BLACK):
                node.wins += 1.0
            node = node.parent
    if not root.children:
        return PASS, total
    best = max(root.children, key=lambda c: (c.visits, -c.move))
    return best.move, total


def main(n):
    rng = random.Random(14)
    board = Board()
    moves = []
    total = 0
    for _ in range(5):
        move, t = search(board, n, rng)
        total += t
        board.play(move)
        moves.append(move)
    print("go", n, moves, total, board.captured)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
